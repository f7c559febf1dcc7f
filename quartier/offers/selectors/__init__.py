"""Reads of the offers app, one module per feature, always starting from a
`*_visible_to(user)` scope:

- `attendance`
- `catalogue`
- `certificates`
- `enrolments`
- `locations`
- `offers`
- `service_requests`
"""
