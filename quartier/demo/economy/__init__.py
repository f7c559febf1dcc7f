"""The demo's local economy: per project employers (the seeds' sectors: care, gardening
and landscaping, hotel and catering, household services, crafts, retail) with their size
declarations, contact persons and relationship history; employer services aimed at the
company or at a self-employed person; business events with invitations, attendance and
open tasks (the b2b fair "b2b in Lobeda/Winzerla" among them); vacant units in Winzerla;
vacancies of the project, reported by employers (to check) or, later, from a recorded
answer of the Bundesagentur's job search; placements of cases in the stages "placement"
and "stabilisation" with their stabilisation check-ins (stable, at risk, ended, and due
in the next days); each project's check-in schedule and matching weights.

Runs after the case files and offers exist (`services.seeding.seed_demo`). Everything is
owned by the consortium member whose staff hold the employer-liaison role
(`catalogue.OWNERS`), so the demo logins "betriebe" (BQB-Süd), "betriebe.jena"
(Teilhabe am Wachstum) and "jobcoach" see and work on it. Dates are relative to the day
of the seed and inside each project's (moved) period; the same seed on the same day
gives the same rows. A few hundred rows with `bulk_create`, about forty queries.

- `seeding`: `seed_economy` and `clear_demo_economy`, the entry points
- `catalogue`: employers, contact texts, services, events, units, vacancies, jobs
- `employers`: employers with sizes, contact persons, history, services, events, units
- `vacancies`: the projects' own and employer-reported vacancies with their skills
- `placements`: placements with their stabilisation check-ins
"""
