"""Forms of the network, one module per area: `partners`, `referrals`, `meetings`."""
