"""Admin of the operations app."""
