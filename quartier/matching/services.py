"""Writes of matching: storing a suggestion staff acted on, with its decision."""
