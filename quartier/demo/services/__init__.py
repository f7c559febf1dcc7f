"""Building the demo (`manage.py seed_demo`), one module per step.

- `seeding`: `seed_demo`, the entry point (projects, logins, districts, consent texts),
  `demo_is_loaded`, `demo_logins`
- `staff`: generated staff, case loads, which project and organisation a participant
  belongs to
- `people`: the synthetic participants, generated and written in batches
- `drafts`: the weighted tables a participant is drawn from, and the draft itself
- `case_files`: consents, assessments, plans, contacts, follow-ups, first contacts,
  "Mein Tag" and walk-ins
- `tables`: writing rows in bulk (COPY or executemany), also for the demo's offers

The demo's offers follow in `quartier.demo.offers`, its local economy in
`quartier.demo.economy`.
"""
