"""The content version's memo per process (services/public_cache.py): a warm hit reads
no version for PUBLIC_CACHE_VERSION_SECONDS, and a bump in the same process is seen at
once."""

import pytest
from django.db.models import F

from quartier.stadtteilplan.models import ContentVersion
from quartier.stadtteilplan.services import public_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_memo():
    public_cache.forget()
    yield
    public_cache.forget()


def test_without_memo_every_read_asks_the_database(settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_VERSION_SECONDS = 0
    public_cache.current()
    with django_assert_num_queries(1):
        public_cache.current()


def test_with_memo_a_second_read_asks_nothing(settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_VERSION_SECONDS = 60
    first = public_cache.current()
    with django_assert_num_queries(0):
        assert public_cache.current() == first


def test_another_servers_change_is_seen_after_the_memo_ends(settings):
    settings.PUBLIC_CACHE_VERSION_SECONDS = 60
    first = public_cache.current()
    # Another app server bumps the row: this process keeps its memo for the while ...
    ContentVersion.objects.filter(pk=public_cache.ROW).update(version=F("version") + 1)
    assert public_cache.current() == first
    # ... and reads the new version once the memo has run out.
    public_cache.forget()
    assert public_cache.current().version == first.version + 1


def test_a_bump_in_this_process_is_seen_at_once(settings):
    settings.PUBLIC_CACHE_VERSION_SECONDS = 60
    first = public_cache.current()
    public_cache.bump()
    assert public_cache.current().version > first.version
