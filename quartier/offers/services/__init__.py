"""Writes of the offers app, one module per feature. Each service is
`<noun>_<verb>(*, actor, ...)`, runs in one transaction, re-checks its permission
(`quartier.offers.rules`) and validates before saving; bad input raises a
`ValidationError` and saves nothing.

- `checks`: the permission, case-role and consortium checks the services start with
- `catalogue`: places (locations), offers and their translations
- `schedules`: an offer's schedules and their exceptions
- `enrolments`: enrolment with waiting list
- `attendance`: saving the attendance register (`register_save`), the hours parser
- `certificates`: issuing, revoking and printing certificates
- `service_requests`: residents' requests to the practical projects
"""
