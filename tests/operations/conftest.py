"""Fixtures of the operations tests."""

import pytest


# --- backup ---
@pytest.fixture
def backup_env(settings, tmp_path):
    """Uploaded files, the erasure log and a backup key of the test's own, in tmp_path."""
    from quartier.operations.encryption import generate_key

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERASURE_LOG_FILE = tmp_path / "erasure" / "erasure-log.jsonl"
    settings.QUARTIER_BACKUP_KEY = generate_key()
    return tmp_path


# --- end backup ---
