"""Pages of the privacy app, one module per area:

- `consents`: the consent register, withdrawal in one step, the consent texts' versions;
- `access_log`: the access log per participant and per staff member, its export;
- `persons`: a person's data-protection page, the Art. 15 export, erasure;
- `retention`: a project's retention rules, the erasure log;
- `register`: the register of processing activities (Art. 30), the evaluators' export.
"""
