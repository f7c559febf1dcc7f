"""One client address for the login lock-out, the audit log and the map's rate limits:
REMOTE_ADDR, or behind PROXY_COUNT trusted proxies the X-Forwarded-For entry that the
outermost trusted proxy wrote (the N-th from the right)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from quartier.core.models import Role
from quartier.core.network import client_ip

PROXY = "10.0.0.1"
PASSWORD = "correct-horse-battery-9"


def _request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_peer_address_counts_and_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(_request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


def test_behind_one_proxy_the_rightmost_entry_counts(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(_request(PROXY, "203.0.113.9")) == "203.0.113.9"
    # A client that sends its own header only adds entries on the left.
    assert client_ip(_request(PROXY, "198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.PROXY_COUNT = 2
    forwarded = "198.51.100.1, 203.0.113.9, 10.0.0.2"
    assert client_ip(_request(PROXY, forwarded)) == "203.0.113.9"


def test_a_header_shorter_than_the_proxy_chain_or_not_an_address_falls_back(settings):
    settings.PROXY_COUNT = 2
    assert client_ip(_request(PROXY, "203.0.113.9")) == PROXY
    settings.PROXY_COUNT = 1
    assert client_ip(_request(PROXY, "not-an-address")) == PROXY
    assert client_ip(_request(PROXY, "203.0.113.9:51234")) == "203.0.113.9"
    assert client_ip(_request(PROXY, "::ffff:203.0.113.9")) == "203.0.113.9"


def test_axes_and_allauth_use_the_one_function():
    assert settings.AXES_CLIENT_IP_CALLABLE == "quartier.core.network.client_ip"
    from allauth.account.adapter import get_adapter

    settings_proxy = settings.PROXY_COUNT
    try:
        settings.PROXY_COUNT = 1
        assert get_adapter().get_client_ip(_request(PROXY, "203.0.113.9")) == "203.0.113.9"
    finally:
        settings.PROXY_COUNT = settings_proxy


def _login(client, email, password, forwarded):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_two_clients_behind_one_proxy_are_locked_out_separately(client, world, settings):
    settings.PROXY_COUNT = 1
    # Below allauth's own limit of failed logins per account (5 in 5 minutes), which
    # counts every address together: this test is about axes's count per address.
    settings.AXES_FAILURE_LIMIT = 3
    user = world.member(Role.CASE_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "wrong-password-1", "203.0.113.9")
    # The attacker's address is locked out, even with the right password ...
    locked = _login(client, user.email, PASSWORD, "203.0.113.9")
    assert "Location" not in locked
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").exists()
    assert not AccessAttempt.objects.filter(ip_address=PROXY).exists()
    # ... the colleague behind the same proxy is not.
    other = _login(client, user.email, PASSWORD, "198.51.100.7")
    assert other.status_code == 302
    assert other["Location"] == reverse("mfa_authenticate")


@pytest.mark.django_db
def test_a_forged_leftmost_entry_does_not_escape_the_lock_out(client, world, settings):
    settings.PROXY_COUNT = 1
    user = world.member(Role.CASE_WORKER)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "wrong-password-1", f"192.0.2.{attempt + 10}, 203.0.113.9")
    response = _login(client, user.email, PASSWORD, "192.0.2.99, 203.0.113.9")
    assert "Location" not in response
    assert "_auth_user_id" not in client.session
