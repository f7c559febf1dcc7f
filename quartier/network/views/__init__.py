"""Pages of the network, one module per area: `partners` (with the coach teams),
`referrals`, `inbox` (with all answers), `meetings`, `figures`, `deadlines` (the
project's deadlines for an answer). Thin: selectors read, services write."""
