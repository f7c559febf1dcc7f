"""Forms of the network, one module per area: `partners`, `referrals`, `answers`
(the recipient's answers and the inbox's filters), `meetings`, `figures`, `deadlines`."""
