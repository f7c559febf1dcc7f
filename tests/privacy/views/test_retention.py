"""The retention rule pages: list (with the empty state), add, change (versioned),
delete after a confirmation; who may do what; the link from the project page."""

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.privacy.models import RetentionRule

pytestmark = pytest.mark.django_db

DATA = {
    "scope": "indicator_data",
    "legal_basis": "The funder's retention.",
    "citation": "Art. 82 VO (EU) 2021/1060",
    "start_event": "funded_period_end",
    "duration_months": "60",
}


@pytest.fixture
def rule(world):
    return RetentionRule.objects.create(
        project=world.project,
        scope="case_file",
        legal_basis="Case files",
        citation="§ 84 SGB X",
        duration_months=36,
    )


def test_the_empty_list_says_what_to_add(login, world):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    page = client.get(reverse("privacy:retention_rules", args=[world.project.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="empty-state"' in html
    assert "2021/1060" in html
    assert reverse("privacy:retention_rule_create", args=[world.project.slug]) in html


def test_the_list_shows_basis_citation_scope_event_duration(login, world, rule):
    client = login(world.member(Role.ORGANISATION_ADMIN))
    html = client.get(reverse("privacy:retention_rules", args=[world.project.slug])).content
    html = html.decode()
    assert "§ 84 SGB X" in html
    assert "Case files" in html
    assert f'id="rule-{rule.pk}"' in html
    # The organisation admin reads the rules but does not keep them.
    assert reverse("privacy:retention_rule_edit", args=[world.project.slug, rule.pk]) not in html


@pytest.mark.parametrize("role", [Role.PROJECT_LEAD, Role.DATA_PROTECTION_OFFICER])
def test_lead_and_dpo_add_a_rule(login, world, role):
    client = login(world.member(role))
    response = client.post(
        reverse("privacy:retention_rule_create", args=[world.project.slug]), DATA
    )
    assert response.status_code == 302
    rule = RetentionRule.objects.get(project=world.project)
    assert (rule.scope, rule.duration_months, rule.start_event) == (
        "indicator_data",
        60,
        "funded_period_end",
    )


def test_a_rule_longer_than_a_century_is_refused(login, world):
    client = login(world.member(Role.PROJECT_LEAD))
    response = client.post(
        reverse("privacy:retention_rule_create", args=[world.project.slug]),
        {**DATA, "duration_months": "1201"},
    )
    assert response.status_code == 200
    assert not RetentionRule.objects.exists()


def test_a_stale_edit_is_refused_with_the_changes(login, world, rule):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    url = reverse("privacy:retention_rule_edit", args=[world.project.slug, rule.pk])
    data = {**DATA, "scope": "case_file", "duration_months": "48", "expected_version": rule.version}
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.duration_months == 48
    stale = client.post(url, {**data, "duration_months": "12"})
    assert stale.status_code == 200
    rule.refresh_from_db()
    assert rule.duration_months == 48


def test_delete_asks_first_and_a_second_click_gets_a_message(login, world, rule):
    client = login(world.member(Role.PROJECT_LEAD))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message is read in English
    url = reverse("privacy:retention_rule_delete", args=[world.project.slug, rule.pk])
    assert client.get(url).status_code == 200
    assert RetentionRule.objects.filter(pk=rule.pk).exists()
    assert client.post(url).status_code == 302
    assert not RetentionRule.objects.filter(pk=rule.pk).exists()
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "already deleted" in again.content.decode()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.EVALUATOR, Role.ORGANISATION_ADMIN])
def test_others_may_not_change_rules(login, world, rule, role):
    client = login(world.member(role))
    assert (
        client.post(
            reverse("privacy:retention_rule_create", args=[world.project.slug]), DATA
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("privacy:retention_rule_delete", args=[world.project.slug, rule.pk])
        ).status_code
        == 403
    )
    assert RetentionRule.objects.filter(pk=rule.pk).exists()


def test_another_projects_rule_is_not_found(login, world, rule):
    client = login(
        world.member(Role.PROJECT_LEAD, organisation=world.org_c, project=world.other_project)
    )
    url = reverse("privacy:retention_rule_edit", args=[world.other_project.slug, rule.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.PROJECT_LEAD, True),
        (Role.DATA_PROTECTION_OFFICER, True),
        (Role.CASE_WORKER, False),
    ],
)
def test_the_project_page_links_the_rules(login, world, role, shown):
    client = login(world.member(role))
    html = client.get(reverse("core:project_detail", args=[world.project.slug])).content.decode()
    url = reverse("privacy:retention_rules", args=[world.project.slug])
    assert (f'href="{url}"' in html) is shown
