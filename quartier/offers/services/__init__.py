"""Writes of the offers app, one module per feature:

- `attendance`
- `catalogue`
- `certificates`
- `checks`
- `enrolments`
- `schedules`
- `service_requests`
"""
