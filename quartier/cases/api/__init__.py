"""API endpoints of the case file: cases with exit and six-month survey, assessments,
plans with goals, contacts and follow-ups.

Thin: reads start from the `*_visible_to(user)` selectors of `cases.selectors`, writes
go through `cases.services`, the same ones the pages use.
A foreign id, also one named in a request body, is a 404. Evaluators and network
coaches see empty lists. A stale `version` is a 409 naming what changed.

One module per area (`cases`, `assessments`, `plans`, `contacts`, `follow_ups`, and
`common` for what they share); `router` joins them for `quartier.api.api`.
"""

from ninja import Router

from quartier.cases.api import assessments, cases, contacts, follow_ups, plans

router = Router()
for area in (cases, assessments, plans, contacts, follow_ups):
    router.add_router("", area.router)
