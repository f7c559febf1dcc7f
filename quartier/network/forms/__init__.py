"""Forms of the network, one module per area: `partners`, `referrals`, `meetings`,
`figures` (the network view's project and period)."""
