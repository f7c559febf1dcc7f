"""Fixtures of the participants tests: the API client of `tests/api` for `test_api.py`."""

from tests.api.conftest import api_as  # noqa: F401 (a fixture, registered by importing it)
