"""Demo data of the local economy."""
