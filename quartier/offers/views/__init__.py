"""The offers' pages (thin: they call `offers.selectors` and `offers.services`), one
module per feature:

- `offers`: the catalogue, an offer's page and forms, its dates as iCalendar
- `translations`: an offer's public texts in another language
- `locations`: the places (Orte) where offers take place
- `enrolments`: an offer's participants, enrolling, changing and ending
- `register`: the attendance register of one session date
- `certificates`: who is eligible, issuing certificates and confirmations
- `issued_certificates`: an issued certificate, revoking it, the public verification
- `service_requests`: residents' requests to the practical projects
"""
