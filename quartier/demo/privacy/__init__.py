"""The demo's data protection (issue 15), seeded after the case files and the network:

- per seed project the retention rules, configured as examples (`catalogue`): the
  funder's documentation duty for the indicator data (ESF Plus: Art. 82 VO (EU)
  2021/1060; the Soziale-Stadt project: Nr. 6.5 ANBest-P), the case file after the
  purpose has ended (§ 84 SGB X), the access log (24 months);
- in each project's lead organisation (where the project's data-protection officer
  works, the logins `datenschutz@…` for BQB-Süd and `datenschutz.<town>@…`) a few
  consents ending in the coming weeks and one withdrawn a few days ago, so that her
  start page has something to do;
- in Job-in-West (pupils of the Kurfürst-Balduin-Hauptschule take part) a participant
  who was 15 on entry, whose consents carry a parent's consent.

- `seeding`: `seed_privacy` and `clear_demo_privacy`, the entry points
- `catalogue`: the retention rules as data
"""
