"""Reads of the reports, aggregated in SQL (no function here returns a participant, a
case or a name):

- `scope`: `projects_reported_to(user)` and `ReportScope` (project, period, district)
- `dashboard`: the project dashboard's figures (integration chain, months, follow-ups,
  offers, certificates, first contacts)
- `district`: the district profile
- `exports`: the files for funders (indicator report as XLSX and PDF, participant list)
- `spreadsheets`: `safe_cell`/`read_cell`, the formula-injection guard of every cell
"""
