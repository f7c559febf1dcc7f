"""The reports register no models in the admin: they only read and aggregate the other
apps' data (see `reports.selectors`)."""
