"""Writes of the network, one module per area:

- `referrals`: draft, send with consent, answers, cancel, end of access, deadlines,
  assignments from outside
- `partners`: partners, their contact persons and contacts, coach teams
- `meetings`: meetings, attendees, outcomes, tasks, evidence
"""
