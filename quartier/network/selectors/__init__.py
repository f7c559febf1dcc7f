"""Reads of the network, one module per area, each through a scoping function:

- `referrals`: the sender's, the recipient's and the network's views of referrals
- `inbox`: the recipient's inbox, the packet, the start page's waiting referrals
- `partners`: partners and coach teams
- `meetings`: meetings, outcomes, open tasks
- `figures`: the network view (who refers to whom, times, reasons, gaps)
- `start_page`: the network coach's start page (open referrals, next meetings,
  partners without contact for long)
"""
