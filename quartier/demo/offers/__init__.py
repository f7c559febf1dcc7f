"""The demo's offers: places, the seed projects' modules and cafés with their weekly
schedules and holiday closures, translations for the public map, enrolments of the
demo participants with attendance, a few issued certificates, and residents' requests
to the practical projects (rickshaw rides, household and garden jobs).

Runs after the case files exist (`services.seeding.seed_demo`). What takes part is bounded by
the offers' places, not by the number of participants: every offer is simulated seat by
seat over time, so no session ever has more people than places, and a full offer keeps
a waiting list of open cases. Attendance is recorded for the last twelve weeks of each
participation (all of it for the short courses, whose certificates count sessions or
hours). Like the case files, enrolments and attendance are written in bulk without a
query per row, so `--participants 100000` adds seconds, not minutes.

The demo's projects run in the present (`seed_demo` moves each seed's funded period so
that the day of the seed lies inside it; the seeds' dates of offers and events move
with it): offers have no end date, and the open cases take part up to today.

Reproducible: the same seed on the same day gives the same rows; public identifiers of
places, offers and schedules are derived from their keys, so links to the public map
survive a reseed.

- `seeding`: `seed_offers` and `clear_demo_offers`, the entry points
- `catalogue`: places, offers, schedules, holiday closures, translations
- `taking_part`: which cases take part in which offer, seat by seat, and the waiting lists
- `writing`: enrolments with attendance, certificates, service requests, in bulk
"""
