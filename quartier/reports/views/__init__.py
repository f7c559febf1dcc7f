"""Pages of the reports:

- `pages`: the dashboard, the district profile, the ESF Plus indicators and the
  downloads for funders
- `display`: how the pages show figures (small-cell suppression, chart geometry)
"""
