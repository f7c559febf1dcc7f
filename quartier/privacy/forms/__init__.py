"""Forms of the privacy app, one module per area: `consents`, `access_log`, `erasure`,
`retention`, `persons` (the person search), `register` (the evaluators' export)."""
