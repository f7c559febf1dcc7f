"""Writes of the case file.

Each service re-checks `cases.change_case` on the case, validates, and writes in one
transaction. Case, plan and participant saves are optimistic-locked: a form opened
before someone else saved is refused (`ConcurrentEditError`).

Modules: `cases` (stage, entry data, the shared checks), `exits` (exit, six-month survey),
`assessments`, `plans`, `contacts`, `follow_ups`, `documents` (upload, delete, size limit),
`document_types` (content detection of uploads).
"""
