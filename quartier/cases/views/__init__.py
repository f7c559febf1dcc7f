"""Pages of the case file.

Modules: `cases` (list, export, case page, edit, my day), `assessments`, `plans`,
`contacts`, `follow_ups`, `exits` (exit, undo, six-month survey), `documents`
(documents and the printable consent form and plan).
"""
