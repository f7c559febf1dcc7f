"""The public offer map's pages (no login), one module per feature:

- `pages`: districts, offers (list and map), one offer, the district's portrait, the
  language switch, the map's 404 page
- `appointments`: residents' appointment requests and the confirmation
- `feeds`: calendars (iCalendar) and the printable notice (PDF) of the offers

The HSDS API is in `stadtteilplan.hsds`.
"""
