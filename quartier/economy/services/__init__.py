"""Writes of the local economy, one module per area (employers, advice, events, units,
vacancies, the public vacancy report, the job search import, placements and their
stabilisation check-ins). Every write checks tenancy and versions, like the other apps."""
