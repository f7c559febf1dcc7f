"""The network's API routers, one module per area: `partners`, `referrals`,
`meetings` (with the decisions and tasks); `router` joins them for `quartier.api.api`.

Thin, like the other APIs: reads start from the scoping selectors
(`selectors.partners`, `selectors.meetings`, `selectors.referrals`), writes go through
the services of the same areas. A foreign id is a 404; what a referral shows depends on
the token's side (see `referrals`)."""

from ninja import Router

from quartier.network.api import meetings, partners, referrals

router = Router()
for area in (partners, referrals, meetings):
    router.add_router("", area.router)
