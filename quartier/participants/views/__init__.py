"""Pages of the participants app (thin: selectors read, services write).

- `participants`: intake, participant data, first contacts
- `consents`: consents and the project's consent texts
- `imports`: the participant-list import and export
- `inbox`: the steps of an appointment request from the start page
"""
