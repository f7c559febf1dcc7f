"""Forms of the offers app, one module per feature:

- `catalogue`: the catalogue's filters, offers, places and translations;
- `schedules`: an offer's schedules with their exceptions;
- `enrolments`: enrolments and the attendance register;
- `certificates`: issuing and revoking certificates;
- `service_requests`: service requests (Anfragen an Praxisprojekte).
"""
