"""The reports store nothing of their own: every figure is aggregated in SQL from the
other apps' models when it is asked for (`reports.selectors`, `reports.indicators`)."""
