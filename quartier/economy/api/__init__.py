"""The local economy API under /api/v1/: employers with their services, business
events, vacant units, vacancies, placements and stabilisation check-ins. One module
per area; `router` joins them for `quartier.api.api`.

Thin, like the other APIs: reads start from the `*_visible_to(user)` selectors, writes
go through `economy.services`. A foreign id, also one named in a request body, is a
404; a stale `version` is a 409 naming what changed; bad input is a 422 with the
messages per field.
"""

from ninja import Router

from quartier.economy.api import advice, employers, events, placements, units, vacancies

router = Router()
for area in (employers, advice, events, units, vacancies, placements):
    router.add_router("", area.router)
