"""Writes of the participants app (everything that changes data).

- `participants`: participant data and first contacts
- `intake`: the intake (duplicate gate, participant-number suggestion, participant and case)
- `consents`: consents and consent texts
- `inbox`: the appointment-request inbox (assign, step, close)
- `importing`: the participant-list import (checks and the run)
- `import_writing`: the import's plan and bulk writes
- `import_jobs`: the import as a background job (uploads, jobs, the worker's run)
- `import_previews`: the dry run before an import is confirmed
"""
