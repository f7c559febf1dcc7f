"""Reads of the local economy, one module per area; every list starts from a
`*_visible_to(user)` selector that applies the tenancy grants."""
