"""The network's API routers, one module per area: `partners`, `referrals`,
`meetings`."""
