"""Audit log: every change recorded with its actor, readable by organisation admins."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from quartier.core.models import Membership, Role
from quartier.core.selectors import audit_entries_visible_to


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
