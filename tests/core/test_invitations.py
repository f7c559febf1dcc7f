"""A colleague added on the team page gets an invitation in the app's voice, with a
link valid for a limited time that sets her password once and verifies her address;
with it she can set up her second factor."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.internal.flows.add import validate_can_add_authenticator
from django.core import mail
from django.urls import reverse

from quartier.core import invitations
from quartier.core.models import Role, User

EMAIL = "neue.kollegin@example.org"
NEW_PASSWORD = "Stadtteil-Herne-2027!"


@pytest.fixture
def invite(login, world, settings):
    settings.QUARTIER_SITE_NAME = "Quartier Herne"
    settings.QUARTIER_BASE_URL = "https://quartier.example.org"
    lead = world.member(Role.PROJECT_LEAD)
    lead.full_name = "Petra Leitung"
    lead.save()
    world.project.name = "BQB-Süd"
    world.project.save()
    world.org_a.name = "DRK Herne"
    world.org_a.save()
    client = login(lead)

    def _invite(email=EMAIL, role=Role.CASE_WORKER):
        response = client.post(
            reverse("core:project_members", args=[world.project.slug]),
            {"email": email, "full_name": "Nora Neu", "organisation": world.org_a.pk, "role": role},
        )
        assert response.status_code == 302, response.content
        return mail.outbox[-1]

    return _invite


def _link(message) -> str:
    match = re.search(r"https://quartier\.example\.org(/einladung/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_the_invitation_is_german_says_sie_and_names_inviter_project_and_role(invite):
    message = invite()
    assert message.to == [EMAIL]
    assert message.subject == "Quartier Herne: Einladung zum Projekt BQB-Süd"
    assert "127.0.0.1" not in message.subject + message.body
    body = message.body
    assert "Guten Tag Nora Neu," in body
    assert "Petra Leitung" in body
    assert "„BQB-Süd“" in body
    assert "DRK Herne" in body
    assert "Fallmanagement" in body
    assert "Quartier Herne" in body
    assert " Sie " in body
    assert "Ihr Passwort" in body
    assert not re.search(r"\b(du|dein|dich|dir)\b", body, re.IGNORECASE)
    assert "Zurücksetzen" not in body
    assert "ignoriert" not in body
    assert "https://quartier.example.org/einladung/" in body


@pytest.mark.django_db
def test_the_link_sets_the_password_once_and_verifies_the_address(invite, client):
    link = _link(invite())
    page = client.get(link)
    assert page.status_code == 200
    assert "Passwort festlegen" in page.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    user = User.objects.get(email=EMAIL)
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified
    assert address.primary
    # allauth lets her add her second factor now.
    validate_can_add_authenticator(user)

    # The link is spent: a second use changes nothing.
    again = client.get(link)
    assert again.status_code == 200
    assert "nicht mehr gültig" in again.content.decode()
    client.post(
        link, {"new_password1": "Anderes-Passwort-99", "new_password2": "Anderes-Passwort-99"}
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_an_earlier_unverified_address_is_verified_by_the_link(invite, client):
    message = invite()
    user = User.objects.get(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=False, primary=False)
    client.post(_link(message), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert list(EmailAddress.objects.filter(user=user).values_list("verified", "primary")) == [
        (True, True)
    ]


@pytest.mark.django_db
def test_the_link_expires_after_the_configured_days(invite, client, settings, monkeypatch):
    settings.QUARTIER_INVITATION_DAYS = 3
    message = invite()
    assert "3 Tage" in message.body
    link = _link(message)
    issued = invitations.tokens._now()
    monkeypatch.setattr(invitations.tokens, "_now", lambda: issued + timedelta(days=2, hours=23))
    assert "Passwort festlegen" in client.get(link).content.decode()
    monkeypatch.setattr(invitations.tokens, "_now", lambda: issued + timedelta(days=3, hours=1))
    page = client.get(link).content.decode()
    assert "nicht mehr gültig" in page
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not User.objects.get(email=EMAIL).has_usable_password()


@pytest.mark.django_db
def test_a_forged_or_foreign_link_is_refused(invite, client, world):
    link = _link(invite())
    other = world.member(Role.CASE_WORKER)
    uid = link.split("/")[2]
    foreign = link.replace(f"/{uid}/", f"/{invitations.uid_for(other)}/")
    assert "nicht mehr gültig" in client.get(foreign).content.decode()
    assert "nicht mehr gültig" in client.get("/einladung/xx/1-abc/").content.decode()


@pytest.mark.django_db
def test_a_member_without_second_factor_may_open_the_email_pages(client, world):
    from tests.factories import MembershipFactory

    user = MembershipFactory(project=world.project, role=Role.CASE_WORKER).user
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("account_email")).status_code == 200
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_the_forgotten_password_mail_speaks_like_the_app(client, world, settings):
    settings.QUARTIER_SITE_NAME = "Quartier Herne"
    user = world.member(Role.CASE_WORKER)
    response = client.post(
        reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Quartier Herne: Neues Passwort festlegen"
    assert "Guten Tag," in message.body
    assert "Ihr Konto bei Quartier Herne" in message.body
    assert "Mit freundlichen Grüßen\nQuartier Herne" in message.body
    assert not re.search(r"\b(du|dein|dich|dir)\b", message.body, re.IGNORECASE)
    assert "testserver" not in message.subject
