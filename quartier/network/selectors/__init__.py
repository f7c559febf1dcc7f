"""Reads of the network, one module per area, each through a scoping function:

- `referrals`: the sender's, the recipient's and the network's views of referrals
- `partners`: partners and coach teams
- `directory`: the scoping functions of partners and meetings the API reads through
- `meetings`: meetings, outcomes, open tasks
- `figures`: the network view (who refers to whom, times, reasons, gaps)
"""
