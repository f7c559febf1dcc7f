"""Reads of the participants app, each starting from a `*_visible_to(user)`.

- `participants`: participants, first contacts, search, the rows of the API
- `consents`: which consents are missing, whether one is valid on a date
- `duplicates`: the duplicate check (one person, or many in bulk)
- `inbox`: the open appointment requests of the start page
- `import_jobs`: the user's import jobs and their progress
- `participant_list`: the participant list as the export writes it
"""
