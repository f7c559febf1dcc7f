"""Login and security: MFA for staff, lockout, session limits, CSP, passwords."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quartier.core.middleware import SEEN_INTERVAL, SessionLifetimeMiddleware
from quartier.core.models import Role
from tests.factories import MembershipFactory, UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "quartier" / "templates"


@pytest.mark.django_db
def test_staff_without_totp_is_sent_to_enrolment_after_login(client, world):
    membership = MembershipFactory(project=world.project, role=Role.CASE_WORKER)
    response = client.post(
        reverse("account_login"),
        {"login": membership.user.email, "password": "correct-horse-battery-9"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200
    assert b"totp" in response.content.lower()


@pytest.mark.django_db
def test_staff_without_totp_gets_no_data_pages(client, world):
    membership = MembershipFactory(project=world.project, role=Role.PROJECT_LEAD)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("core:project_members", args=[world.project.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_demo_user_skips_mfa_outside_production(client, world, settings):
    membership = MembershipFactory(project=world.project, user__is_demo=True)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("core:home")).status_code == 200
    settings.DEMO_USERS_SKIP_MFA = False
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_login_with_password_then_asks_for_the_totp_code(client, world):
    user = world.member(Role.CASE_WORKER)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "correct-horse-battery-9"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in before the second factor.
    assert client.get(reverse("core:home")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client, world):
    user = world.member(Role.CASE_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-1"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-9"}
    )
    # Locked: even the right password does not lead on to the second factor.
    assert response.status_code in (200, 429)
    assert "Location" not in response
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=user.email).failures_since_start >= (
        settings.AXES_FAILURE_LIMIT
    )


@pytest.mark.django_db
def test_admin_login_goes_through_the_mfa_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_idle_session_is_ended(client, world):
    user = world.member(Role.CASE_WORKER)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    idle = timezone.now() - settings.SESSION_IDLE_TIMEOUT - SEEN_INTERVAL - timedelta(seconds=5)
    session[SessionLifetimeMiddleware.SEEN] = idle.isoformat()
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_session_ends_after_absolute_lifetime_even_when_active(client, world):
    user = world.member(Role.CASE_WORKER)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("core:home"))
    session = client.session
    long_ago = timezone.now() - settings.SESSION_ABSOLUTE_LIFETIME - timedelta(minutes=1)
    session[SessionLifetimeMiddleware.STARTED] = long_ago.isoformat()
    session[SessionLifetimeMiddleware.SEEN] = timezone.now().isoformat()
    session.save()
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_my_sessions_page_lists_sessions(client, world):
    user = world.member(Role.CASE_WORKER)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("core:home"))
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert "Meine Sitzungen" in response.content.decode()


@pytest.mark.parametrize(
    "password",
    ["short-pw-1", "password1234", "123456789012"],
    ids=["too-short", "common", "numeric"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_twelve_character_uncommon_password_is_accepted():
    validate_password("Lippestr-41-Treff")


@pytest.mark.django_db
def test_pages_send_a_strict_csp_with_a_nonce(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy)
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


@pytest.mark.django_db
def test_self_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 302
    anonymous = client.post(reverse("account_signup"), {"email": "a@b.de"})
    assert anonymous.status_code == 302
    assert not UserFactory._meta.model.objects.filter(email="a@b.de").exists()


@pytest.mark.django_db
def test_a_request_just_inside_the_idle_limit_keeps_the_session(client, world):
    user = world.member(Role.CASE_WORKER)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("core:home"))
    session = client.session
    recent = timezone.now() - settings.SESSION_IDLE_TIMEOUT + timedelta(seconds=30)
    session[SessionLifetimeMiddleware.SEEN] = recent.isoformat()
    session.save()
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_changing_an_established_second_factor_asks_for_the_password(client, world):
    from allauth.mfa.models import Authenticator

    user = world.member(Role.CASE_WORKER)
    Authenticator.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=3))
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_first_enrolment_does_not_ask_for_the_password_again(client, world):
    membership = MembershipFactory(project=world.project, role=Role.CASE_WORKER)
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db
def test_ending_other_sessions_logs_out_the_other_device(world):
    from django.test import Client

    user = world.member(Role.CASE_WORKER)
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        assert device.get(reverse("core:home")).status_code == 200
    laptop.post(reverse("usersessions_list"))
    assert laptop.get(reverse("core:home")).status_code == 200
    assert phone.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_lockout_page_names_the_configured_wait(client, world, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=7)
    user = world.member(Role.CASE_WORKER)
    responses = [
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-pw-123"})
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = [r for r in responses if r.status_code == 429]
    assert locked, [r.status_code for r in responses]
    assert "7 Minuten" in locked[0].content.decode()
