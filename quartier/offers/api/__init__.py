"""The offers API under /api/v1/: the catalogue with places, schedules and
translations, enrolments with the waiting list, the attendance register, certificates
and the service requests of practical projects. One module per area; `router` joins
them for `quartier.api.api`.

Thin, like the case-file API: reads start from the `*_visible_to(user)` selectors
(through `offers.selectors`), writes go through `offers.services`. The catalogue
is visible to every member of a project; enrolments, attendance and certificates only
through the cases the user may see; service requests to those who manage the
practical project. A foreign id, also one named in a request body, is a 404; a stale
`version` is a 409 naming what changed; bad input is a 422 with the messages per field.
"""

from ninja import Router

from quartier.offers.api import (
    attendance,
    certificates,
    enrolments,
    locations,
    offers,
    schedules,
    service_requests,
)

router = Router()
for area in (
    offers,
    locations,
    schedules,
    enrolments,
    attendance,
    certificates,
    service_requests,
):
    router.add_router("", area.router)
