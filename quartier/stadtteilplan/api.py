"""The offer map adds nothing to the ninja API at /api/v1/: its machine-readable face is
the HSDS 3.0 API at /hsds/ (`stadtteilplan.hsds`), public and read-only."""
