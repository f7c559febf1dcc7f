"""Audit log: every change recorded with its actor, readable by organisation admins."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from quartier.core.models import Membership, Role
from quartier.core.selectors import audit_entries_visible_to


def _visible(user, obj):
    """The audit entries about `obj` that `user` may read."""
    return audit_entries_visible_to(user).filter(pk__in=LogEntry.objects.get_for_object(obj))


@pytest.mark.django_db
def test_a_change_made_in_the_app_is_logged_with_its_actor(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    colleague = Membership.objects.get(user=world.member(Role.CASE_WORKER))
    login(lead).post(
        reverse("core:membership_edit", args=[world.project.slug, colleague.pk]),
        {"role": Role.JOB_COACH, "expected_version": colleague.version},
    )
    entry = LogEntry.objects.get_for_object(colleague).latest("timestamp")
    assert entry.actor == lead
    assert entry.changes_dict["role"] == [Role.CASE_WORKER, Role.JOB_COACH]


@pytest.mark.django_db
def test_deletions_are_logged(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    colleague = Membership.objects.get(user=world.member(Role.CASE_WORKER))
    login(lead).post(reverse("core:membership_delete", args=[world.project.slug, colleague.pk]))
    entry = LogEntry.objects.filter(object_pk=str(colleague.pk), action=LogEntry.Action.DELETE)
    assert entry.get().actor == lead


@pytest.mark.django_db
def test_organisation_admin_sees_own_staffs_entries_only(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    own_lead = world.member(Role.PROJECT_LEAD)
    foreign_lead = world.member(
        Role.PROJECT_LEAD, organisation=world.org_c, project=world.other_project
    )
    own = Membership.objects.get(user=world.member(Role.CASE_WORKER))
    foreign = Membership.objects.get(
        user=world.member(Role.CASE_WORKER, organisation=world.org_c, project=world.other_project)
    )
    login(own_lead).post(
        reverse("core:membership_edit", args=[world.project.slug, own.pk]),
        {"role": Role.JOB_COACH, "expected_version": own.version},
    )
    login(foreign_lead).post(
        reverse("core:membership_edit", args=[world.other_project.slug, foreign.pk]),
        {"role": Role.JOB_COACH, "expected_version": foreign.version},
    )
    visible = audit_entries_visible_to(admin)
    assert visible.filter(actor=own_lead).exists()
    assert not visible.filter(actor=foreign_lead).exists()
    page = login(admin).get(reverse("core:audit_log")).content.decode()
    assert own_lead.email in page or str(own_lead) in page
    assert str(foreign_lead) not in page


@pytest.mark.django_db
def test_audit_page_is_paginated_and_searchable(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    response = login(admin).get(reverse("core:audit_log"), {"q": "nothing-matches-this"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_what_own_staff_do_in_another_organisations_project_stays_hidden(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    double_agent = world.member(Role.CASE_WORKER)  # staff of A in project P ...
    world.member(Role.PROJECT_LEAD, organisation=world.org_c, project=world.other_project)
    Membership.objects.create(  # ... and lead of C in project Q
        user=double_agent,
        organisation=world.org_c,
        project=world.other_project,
        role=Role.PROJECT_LEAD,
    )
    foreign = Membership.objects.get(
        user=world.member(Role.CASE_WORKER, organisation=world.org_c, project=world.other_project)
    )
    login(double_agent).post(
        reverse("core:membership_edit", args=[world.other_project.slug, foreign.pk]),
        {"role": Role.JOB_COACH, "expected_version": foreign.version},
    )
    foreign.refresh_from_db()
    assert foreign.role == Role.JOB_COACH
    assert not _visible(admin, foreign).exists()


@pytest.mark.django_db
def test_participant_changes_never_show_on_the_organisation_admins_page(world):
    from tests.factories import ParticipantFactory

    admin = world.member(Role.ORGANISATION_ADMIN)
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    participant.last_name = "Geheim"
    participant.save()
    assert LogEntry.objects.get_for_object(participant).count() == 2
    assert not _visible(admin, participant).exists()


@pytest.mark.django_db
def test_changes_to_the_own_organisation_are_visible(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    other_org_admin = world.member(
        Role.ORGANISATION_ADMIN, organisation=world.org_c, project=world.other_project
    )
    world.org_a.city = "Dorsten"
    world.org_a.save()
    world.org_c.city = "Jena"
    world.org_c.save()
    assert _visible(admin, world.org_a).filter(action=LogEntry.Action.UPDATE).exists()
    assert not _visible(admin, world.org_c).exists()
    assert _visible(other_org_admin, world.org_c).exists()


@pytest.mark.django_db
def test_audit_page_names_actions_and_fields_in_german(login, world):
    admin = world.member(Role.ORGANISATION_ADMIN)
    world.org_a.street = "Lippestr. 41"
    world.org_a.save()
    html = login(admin).get(reverse("core:audit_log"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "geändert" in html
    assert "Straße und Hausnummer" in html
    assert "Lippestr. 41" in html
    assert "<strong>version</strong>" not in html


@pytest.mark.django_db
def test_many_to_many_changes_read_as_added_objects(world):
    from quartier.core.audit import describe
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Wanne-Süd")
    world.project.districts.add(district)
    entry = LogEntry.objects.get_for_object(world.project).latest("pk")
    row = describe(entry)
    assert any("Wanne-Süd" in new for _, _, new in row.changes)
