"""The demo's network (issue 14) for "Aktiv für Arbeit im Stadtteil" in Duisburg, and
the consortium referrals and the Jobcenter assignment of Job-in-West in Trier:

- partners on both levels (the local activation network: a mosque community, a church
  parish, a family centre, a migrant organisation, a school, a café, debt counselling;
  the municipal strategy network: Jobcenter, Agentur für Arbeit, the chambers, the
  municipal employment promotion; a training provider and the municipal integration
  centre on both) with their role, districts, target groups, contact persons and dated
  contacts (some not contacted for more than 90 days);
- the coach teams of Marxloh and Hochfeld with their contact persons (the network
  coach login "netzwerk.duisburg" among them; both teams public on the district page);
- referrals in every state, written through the network's services with recorded
  consents (to the migrant organisation, whose "partner.duisburg" answers in Quartier,
  and by letter to partners without Quartier); in Job-in-West one from the Caritas to
  the Bürgerservice (answered by "leitung.trier") and an assignment of the Arge Trier
  to a work opportunity;
- a session of the Beirat (both levels) with agenda, public and internal minutes,
  attendees, two decisions and tasks (one open for the network coach), a past district
  network meeting and an upcoming strategy network meeting.

Dates are relative to the day of the seed and inside the projects' (moved) periods; the
same seed on the same day gives the same rows.

- `seeding`: `seed_network` and `clear_demo_network`, the entry points
- `catalogue`: partners, people, teams, referrals, meetings as data
- `partners`: partners with people and contacts, coach teams
- `referrals`: consents, referrals in every state, the assignment
- `meetings`: the Beirat and the network meetings
"""
