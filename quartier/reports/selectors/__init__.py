"""Reads of the reports, aggregated in SQL.

Every report starts from `scope.projects_reported_to(user)`. The figures count the
whole project's consortium, but only as aggregates: no function here returns a
participant, a case or a name, except the participant list for the funder's portal
(`exports`, personal data that only project leads download). Each figure is one
grouped query (or two), so a dashboard takes the same number of queries for ten
participants as for a hundred thousand. The files for funders are read-side too
(they write nothing to the database), so they live here rather than in services.

- `scope`: `projects_reported_to(user)` and `ReportScope` (project, period, district)
- `dashboard`: the project dashboard's figures (integration chain, months, follow-ups,
  offers, certificates, first contacts)
- `economy`: the dashboard's local-economy figures (BIWAQ field of action 2: employers
  supported by size, services, events, vacant units, placements and stabilisation)
- `district`: the district profile
- `exports`: the files for funders (indicator report as XLSX and PDF, participant list)
"""
