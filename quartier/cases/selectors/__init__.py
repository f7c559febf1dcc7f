"""Reads of the case file, always starting from `cases_visible_to(user)`.

Modules: `cases` (scoping, one case, the case list), `assessments`, `plans`,
`contacts`, `follow_ups`, `documents`, `case_page` (overview and timeline of one case),
`my_day`.
"""
