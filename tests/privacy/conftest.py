"""Fixtures of the privacy tests."""

import pytest


# --- erasure ---
@pytest.fixture(autouse=True)
def erasure_log_file(settings, tmp_path):
    """The erasure log file of each test in its own temporary folder."""
    settings.ERASURE_LOG_FILE = tmp_path / "erasure" / "erasure-log.jsonl"
    return settings.ERASURE_LOG_FILE


# --- end erasure ---
