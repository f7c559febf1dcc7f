"""Reads of the privacy app, one module per area, each starting from a scoping function:
`consents`, `access_log`, `person_data` (everything stored about a person), `retention`,
`register`, `start_page`."""
