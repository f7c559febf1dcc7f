"""Writes of the public offer map, one module per feature.

- `appointments`: a resident's appointment request becomes a first contact, the
  project's inbox hears of it, old requests expire
- `spam_protection`: the form token, the rate limit per address and the same-site
  check in front of the appointment request
"""
