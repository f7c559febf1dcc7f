"""The network: partner organisations on two levels, referrals with consent, meetings
and the advisory board, the network coach's work."""
