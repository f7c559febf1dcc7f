"""Reads of the offers app, one module per feature, each starting from a
`*_visible_to(user)` scope. The pages and the API call the same selectors.

- `offers`: the scopes (`offers_visible_to`, `locations_visible_to`, ...), the public
  map's `published_offers`, and the one offer filter (`OfferFilter`, `offer_list`)
- `catalogue`: one offer's page: figures, next sessions, schedules in words
- `locations`: places, and the organisations a person may create offers and places for
- `enrolments`: enrolments, an offer's places and participants, who can be enrolled
- `attendance`: the register, its session dates, attendance totals
- `certificates`: eligibility, certificates due, the verification page
- `service_requests`: requests to the practical projects, their teams and counts
"""
