"""The spam protection's tokens and hourly counters (one check-and-use each, also
across workers)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quartier.stadtteilplan.models import RequestCounter, UsedRequestToken
from quartier.stadtteilplan.services import spam_protection
from tests.stadtteilplan.appointment_world import in_parallel


def test_the_hourly_window_ends_and_old_rows_are_forgotten(rf, db):
    request = rf.post("/", REMOTE_ADDR="198.51.100.9")
    start = timezone.now() - timedelta(hours=3)
    assert [spam_protection.take(request, "sent", 2, now=start) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert spam_protection.count(request, "sent", now=start) == 2
    later = start + timedelta(seconds=spam_protection.WINDOW_SECONDS + 1)
    assert spam_protection.count(request, "sent", now=later) == 0
    assert spam_protection.take(request, "sent", 2, now=later)
    assert spam_protection.count(request, "sent", now=later) == 1
    token = spam_protection.Token(nonce="n1", scope="s", issued_at=0)
    assert spam_protection.claim(token, now=start)
    assert not spam_protection.claim(token, now=start)
    spam_protection.claim(
        spam_protection.Token(nonce="n2", scope="s", issued_at=0), now=timezone.now()
    )
    assert list(UsedRequestToken.objects.values_list("nonce", flat=True)) == ["n2"]
    assert not RequestCounter.objects.filter(window_start__lt=later).exists()


@pytest.mark.django_db(transaction=True)
def test_claim_and_take_admit_exactly_one_and_exactly_the_limit_at_once(rf):
    token = spam_protection.Token(nonce="same", scope="s", issued_at=0)
    assert sorted(in_parallel(8, lambda number: spam_protection.claim(token))) == [False] * 7 + [
        True
    ]
    request = rf.post("/", REMOTE_ADDR="198.51.100.20")
    taken = in_parallel(9, lambda number: spam_protection.take(request, "sent", 5))
    assert sorted(taken) == [False] * 4 + [True] * 5
    assert spam_protection.count(request, "sent") == 5


def test_ipv6_addresses_of_one_network_share_a_limit(rf):
    one = rf.post("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = rf.post("/", REMOTE_ADDR="2001:db8:1:2:aaaa::99")
    other = rf.post("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert spam_protection.address_key(one) == spam_protection.address_key(two)
    assert spam_protection.address_key(one) != spam_protection.address_key(other)


def test_behind_a_proxy_the_forwarded_address_counts(rf, settings):
    settings.PROXY_COUNT = 1
    one = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    two = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    spoofed = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert spam_protection.client_address(one) == "198.51.100.1"
    assert spam_protection.address_key(one) != spam_protection.address_key(two)
    assert spam_protection.client_address(spoofed) == "198.51.100.1"
