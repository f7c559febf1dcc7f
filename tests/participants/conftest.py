"""Fixtures shared by the participant tests."""

import pytest
from django.conf import settings as django_settings

from quartier.core.models import Role


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def lead_client(world, login):
    client = login(world.member(Role.PROJECT_LEAD, world.org_a))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and import files in a temporary folder: the import modules use it for every test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
