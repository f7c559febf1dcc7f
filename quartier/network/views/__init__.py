"""Pages of the network, one module per area: `partners`, `referrals`, `inbox`,
`meetings`, `figures`. Thin: selectors read, services write."""
