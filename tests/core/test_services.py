"""Core services: team management, project details with optimistic locking, tokens."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quartier.core import services
from quartier.core.models import ApiToken, Membership, Role, User
from tests.factories import OrganisationFactory


def rename_project(actor, project, *, expected_version, name):
    """project_update with only the name changed."""
    return services.project_update(
        actor=actor,
        project=project,
        expected_version=expected_version,
        name=name,
        description="",
        start_date=project.start_date,
        end_date=project.end_date,
    )


@pytest.mark.django_db
def test_lead_adds_new_person_and_account_is_created_without_password(world):
    lead = world.member(Role.PROJECT_LEAD)
    membership, created = services.membership_create(
        actor=lead,
        project=world.project,
        organisation=world.org_a,
        email="Neu.Person@Example.org",
        role=Role.JOB_COACH,
        full_name="Neue Person",
    )
    assert created
    assert membership.user.email == "neu.person@example.org"
    assert not membership.user.has_usable_password()


@pytest.mark.django_db
def test_adding_existing_person_reuses_their_account(world):
    lead = world.member(Role.PROJECT_LEAD)
    existing = world.member(Role.CASE_WORKER)
    membership, created = services.membership_create(
        actor=lead,
        project=world.project,
        organisation=world.org_a,
        email=existing.email.upper(),
        role=Role.JOB_COACH,
    )
    assert not created
    assert membership.user == existing


@pytest.mark.django_db
def test_organisation_outside_the_consortium_is_refused(world):
    lead = world.member(Role.PROJECT_LEAD)
    with pytest.raises(ValidationError, match="consortium"):
        services.membership_create(
            actor=lead,
            project=world.project,
            organisation=OrganisationFactory(),
            email="x@example.org",
            role=Role.CASE_WORKER,
        )


@pytest.mark.django_db
def test_same_role_twice_is_refused_with_a_message(world):
    lead = world.member(Role.PROJECT_LEAD)
    kwargs = {
        "actor": lead,
        "project": world.project,
        "organisation": world.org_a,
        "email": "twice@example.org",
        "role": Role.CASE_WORKER,
    }
    services.membership_create(**kwargs)
    with pytest.raises(ValidationError, match="already has this role"):
        services.membership_create(**kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [r for r in Role.values if r not in (Role.PROJECT_LEAD, Role.ORGANISATION_ADMIN)]
)
def test_only_leads_and_organisation_admins_manage_members(world, role):
    actor = world.member(role)
    with pytest.raises(PermissionDenied):
        services.membership_create(
            actor=actor,
            project=world.project,
            organisation=world.org_a,
            email="x@example.org",
            role=Role.CASE_WORKER,
        )


@pytest.mark.django_db
def test_last_lead_cannot_be_removed_or_demoted(world):
    lead = world.member(Role.PROJECT_LEAD)
    admin = world.member(Role.ORGANISATION_ADMIN)
    membership = Membership.objects.get(user=lead)
    with pytest.raises(ValidationError, match="at least one project lead"):
        services.membership_delete(actor=admin, membership=membership)
    with pytest.raises(ValidationError, match="at least one project lead"):
        services.membership_update(
            actor=admin, membership=membership, role=Role.CASE_WORKER, expected_version=1
        )


@pytest.mark.django_db
def test_second_save_with_stale_version_is_refused(world):
    lead = world.member(Role.PROJECT_LEAD)
    project = world.project
    rename_project(lead, project, expected_version=1, name="Erste Fassung")
    stale = type(project).objects.get(pk=project.pk)
    with pytest.raises(ValidationError, match="Someone else changed this record"):
        rename_project(lead, stale, expected_version=1, name="Zweite Fassung")
    project.refresh_from_db()
    assert project.name == "Erste Fassung"
    assert project.version == 2


@pytest.mark.django_db
def test_concurrent_edit_in_the_browser_shows_a_clear_message(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    client = login(lead)
    url = reverse("core:project_edit", args=[world.project.slug])
    form = {
        "name": "A",
        "description": "",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "expected_version": 1,
    }
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "name": "B"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode() or (
        "jemand anderes" in response.content.decode().lower()
    )
    world.project.refresh_from_db()
    assert world.project.name == "A"


@pytest.mark.django_db
def test_end_before_start_is_refused_in_the_form(login, world):
    client = login(world.member(Role.PROJECT_LEAD))
    url = reverse("core:project_edit", args=[world.project.slug])
    response = client.post(
        url,
        {"name": "X", "start_date": "2025-01-01", "end_date": "2024-01-01", "expected_version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert b"error-summary" in response.content
    world.project.refresh_from_db()
    assert world.project.name != "X"


@pytest.mark.django_db
def test_adding_a_new_person_in_the_app_sends_a_password_link(login, world):
    client = login(world.member(Role.PROJECT_LEAD))
    response = client.post(
        reverse("core:project_members", args=[world.project.slug]),
        {
            "email": "neu@example.org",
            "full_name": "Neu",
            "organisation": world.org_a.pk,
            "role": Role.CASE_WORKER,
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="neu@example.org").exists()
    assert len(mail.outbox) == 1
    assert "neu@example.org" in mail.outbox[0].to


@pytest.mark.django_db
def test_removal_asks_for_confirmation_before_deleting(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    colleague = Membership.objects.get(user=world.member(Role.CASE_WORKER))
    client = login(lead)
    url = reverse("core:membership_delete", args=[world.project.slug, colleague.pk])
    assert client.get(url).status_code == 200
    assert Membership.objects.filter(pk=colleague.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=colleague.pk).exists()


@pytest.mark.django_db
def test_token_is_stored_only_as_hash_and_authenticates(world):
    user = world.member(Role.CASE_WORKER)
    token, key = services.api_token_create(actor=user, user=user, name="Test")
    assert key.startswith("qrt_")
    assert key not in {token.key_hash, token.key_prefix}
    assert ApiToken.objects.get(pk=token.pk).key_hash == ApiToken.hash_key(key)
    assert services.api_token_authenticate(key) == user
    services.api_token_revoke(actor=user, token=token)
    assert services.api_token_authenticate(key) is None


@pytest.mark.django_db
def test_nobody_revokes_another_users_token(world):
    owner = world.member(Role.CASE_WORKER)
    other = world.member(Role.CASE_WORKER)
    token, _ = services.api_token_create(actor=owner, user=owner, name="T")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=other, token=token)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_win(world):
    """Two threads save the same version at once: exactly one succeeds.

    Runs on PostgreSQL (make test-postgres, CI): the in-memory SQLite test database
    shares one cache between connections and reports table locks instead of waiting.
    """
    from django.db import connection as main_connection

    if main_connection.vendor != "postgresql":
        pytest.skip("row locking is exercised on PostgreSQL (make test-postgres)")
    lead = world.member(Role.PROJECT_LEAD)
    results = []
    barrier = threading.Barrier(2)

    def save(name):
        from django.db import connection

        project = type(world.project).objects.get(pk=world.project.pk)
        barrier.wait()
        try:
            rename_project(lead, project, expected_version=1, name=name)
            results.append("saved")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("X", "Y")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "saved"]


@pytest.mark.django_db
def test_team_search_answers_htmx_with_the_results_only(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    colleague = world.member(Role.CASE_WORKER)
    client = login(lead)
    url = reverse("core:project_members", args=[world.project.slug])
    response = client.get(url, {"q": colleague.email}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert colleague.email in html
    assert lead.email not in html
    assert "<html" not in html
    assert "<table" in html
    full = client.get(url, {"q": colleague.email}).content.decode()
    assert "<html" in full


@pytest.mark.django_db
def test_organisation_admin_updates_contacts_and_a_stale_form_is_refused(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    client = login(admin)
    url = reverse("core:organisation_edit", args=[world.org_a.slug])
    form = {
        "name": world.org_a.name,
        "street": "Hauptstraße 1",
        "postcode": "44649",
        "city": "Herne",
        "phone": "02325 123",
        "email": "info@example.org",
        "website": "",
        "contact_person": "Frau Beispiel",
        "expected_version": world.org_a.version,
    }
    assert client.post(url, form).status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.street == "Hauptstraße 1"
    stale = client.post(url, {**form, "street": "Nebenstraße 2"})
    assert stale.status_code == 200
    world.org_a.refresh_from_db()
    assert world.org_a.street == "Hauptstraße 1"


@pytest.mark.django_db
def test_wrong_postcode_is_refused_next_to_the_field(login, world):
    client = login(world.member(Role.ORGANISATION_ADMIN))
    url = reverse("core:organisation_edit", args=[world.org_a.slug])
    response = client.post(
        url, {"name": "X", "postcode": "4464", "expected_version": world.org_a.version}
    )
    assert response.status_code == 200
    assert 'id="id_postcode_error"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("manager_role", [Role.PROJECT_LEAD, Role.ORGANISATION_ADMIN])
def test_nobody_grants_roles_in_a_partner_organisation(world, manager_role):
    """A's lead adding an accomplice as case worker of partner B would open B's participants."""
    manager = world.member(manager_role)
    with pytest.raises(PermissionDenied, match="own organisation"):
        services.membership_create(
            actor=manager,
            project=world.project,
            organisation=world.org_b,
            email="helper@example.org",
            role=Role.CASE_WORKER,
        )
    partner = Membership.objects.get(user=world.member(Role.CASE_WORKER, organisation=world.org_b))
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=manager, membership=partner, role=Role.JOB_COACH, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.membership_delete(actor=manager, membership=partner)


@pytest.mark.django_db
def test_partner_organisation_admin_manages_their_own_staff(world):
    admin_b = world.member(Role.ORGANISATION_ADMIN, organisation=world.org_b)
    membership, _ = services.membership_create(
        actor=admin_b,
        project=world.project,
        organisation=world.org_b,
        email="b-staff@example.org",
        role=Role.CASE_WORKER,
    )
    assert membership.organisation == world.org_b


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.ORGANISATION_ADMIN])
def test_nobody_grants_themselves_a_role(world, role):
    lead = world.member(Role.PROJECT_LEAD)
    with pytest.raises(PermissionDenied, match="your own roles"):
        services.membership_create(
            actor=lead,
            project=world.project,
            organisation=world.org_a,
            email=lead.email,
            role=role,
        )
    own = Membership.objects.get(user=lead)
    with pytest.raises(PermissionDenied):
        services.membership_update(actor=lead, membership=own, role=role, expected_version=1)


@pytest.mark.django_db
def test_partner_organisation_is_not_offered_in_the_add_form(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    response = login(lead).get(reverse("core:project_members", args=[world.project.slug]))
    choices = [str(org) for org in response.context["form"].fields["organisation"].queryset]
    assert choices == [world.org_a.name]


@pytest.mark.django_db
def test_an_admin_save_in_between_makes_the_open_form_stale(world):
    """A save from anywhere (here: a plain save, as the Django admin does) raises the
    version, so a form opened before it cannot silently overwrite it."""
    lead = world.member(Role.PROJECT_LEAD)
    opened_version = world.project.version
    from_admin = type(world.project).objects.get(pk=world.project.pk)
    from_admin.description = "Vom Admin geändert"
    from_admin.save()
    with pytest.raises(ValidationError, match="Someone else changed this record"):
        rename_project(
            lead, world.project, expected_version=opened_version, name="Aus dem Formular"
        )
    world.project.refresh_from_db()
    assert world.project.description == "Vom Admin geändert"


@pytest.mark.django_db
def test_stale_role_form_is_refused(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    colleague = Membership.objects.get(user=world.member(Role.CASE_WORKER))
    client = login(admin)
    url = reverse("core:membership_edit", args=[world.project.slug, colleague.pk])
    opened = colleague.version
    assert client.post(url, {"role": Role.JOB_COACH, "expected_version": opened}).status_code == 302
    again = client.post(url, {"role": Role.EVALUATOR, "expected_version": opened})
    assert again.status_code == 200
    colleague.refresh_from_db()
    assert colleague.role == Role.JOB_COACH


def test_update_fields_saves_also_raise_the_version(db, world):
    user = world.member(Role.CASE_WORKER)
    token, _ = services.api_token_create(actor=user, user=user, name="t")
    services.api_token_revoke(actor=user, token=token)
    token.refresh_from_db()
    assert token.version == 2


@pytest.mark.django_db
def test_last_lead_cannot_be_demoted_through_the_role_form(login, world):
    """The bound ModelForm writes the new role onto the instance before the service
    runs; the check must look at the stored role."""
    lead = Membership.objects.get(user=world.member(Role.PROJECT_LEAD))
    admin = world.member(Role.ORGANISATION_ADMIN)
    response = login(admin).post(
        reverse("core:membership_edit", args=[world.project.slug, lead.pk]),
        {"role": Role.CASE_WORKER, "expected_version": lead.version},
    )
    assert response.status_code == 200
    lead.refresh_from_db()
    assert lead.role == Role.PROJECT_LEAD


@pytest.mark.django_db
def test_adding_someone_who_never_set_a_password_sends_the_link_again(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    invited = User.objects.create_user(email="eingeladen@example.org")
    login(lead).post(
        reverse("core:project_members", args=[world.project.slug]),
        {"email": invited.email, "organisation": world.org_a.pk, "role": Role.JOB_COACH},
    )
    assert [m.to for m in mail.outbox] == [[invited.email]]


@pytest.mark.django_db
def test_organisation_admin_sees_no_edit_project_button(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    html = login(admin).get(reverse("core:project_detail", args=[world.project.slug]))
    assert reverse("core:project_edit", args=[world.project.slug]) not in html.content.decode()
    assert reverse("core:project_members", args=[world.project.slug]) in html.content.decode()
