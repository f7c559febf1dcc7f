"""Writes of the privacy app, one module per area:

- `access_log`: recording reads and changes of personal data, with the hash chain;
- `consents`: the consent register's withdrawal and reminders;
- `person_export`: the right of access (Art. 15), a ZIP with a PDF and JSON;
- `erasure`: erasure against retention (Art. 17), the erasure log and its replay;
- `retention`: a project's retention rules;
- `evaluation`: pseudonymised case-level data for external evaluators.
"""
