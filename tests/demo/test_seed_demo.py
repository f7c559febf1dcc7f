"""seed_demo: the five seed projects, logins per role, reproducible synthetic people with
their case files, written without per-row queries."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.cases.models import Assessment, Case, Contact, FollowUp, Skill
from quartier.core.models import (
    DistrictStatistic,
    Membership,
    Project,
    ProjectMember,
    Role,
    User,
)
from quartier.core.tenancy import CASE_ROLES
from quartier.demo import data
from quartier.participants.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FirstContact,
    Participant,
)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--participants", "60", "--seed", "7")


def test_all_five_seed_projects_exist(seeded):
    assert set(Project.objects.values_list("slug", flat=True)) == {
        "job-in-west",
        "dorsten-treff",
        "aktiv-fuer-arbeit",
        "teilhabe-am-wachstum",
        "bqb-sued",
    }


def test_job_in_west_has_its_five_partner_consortium_and_several_funders(seeded):
    project = Project.objects.get(slug="job-in-west")
    assert project.consortium.count() == 5
    assert project.consortium.filter(is_lead=True).count() == 1
    assert project.funders.count() >= 4


def test_aktiv_fuer_arbeit_covers_marxloh_and_hochfeld(seeded):
    names = set(
        Project.objects.get(slug="aktiv-fuer-arbeit").districts.values_list("name", flat=True)
    )
    assert names == {"Marxloh", "Hochfeld"}


def test_wanne_sued_carries_the_published_area_statistics(seeded):
    stat = DistrictStatistic.objects.get(district__slug="herne-wanne-sued")
    assert stat.area_ha_district == Decimal("230")
    assert stat.population_district == 9725
    assert stat.population_city == 161084
    assert stat.sgb2_rate_district == Decimal("23.9")
    assert stat.unemployment_rate_district == Decimal("11.2")
    assert stat.migration_share_district == Decimal("36.9")
    assert stat.migration_share_city == Decimal("33.3")


def test_there_is_a_demo_login_for_every_role(seeded):
    roles = set(
        Membership.objects.filter(
            user__email__in=[f"{u[0]}@{data.DEMO_DOMAIN}" for u in data.DEMO_USERS]
        ).values_list("role", flat=True)
    )
    assert roles == set(Role.values)
    admin = User.objects.get(email=f"admin@{data.DEMO_DOMAIN}")
    assert admin.is_platform_admin
    assert admin.check_password(data.DEMO_PASSWORD)


def test_participants_belong_to_consortium_members(seeded):
    assert Participant.objects.count() == 60
    for participant in Participant.objects.select_related("project")[:20]:
        assert ProjectMember.objects.filter(
            project=participant.project, organisation=participant.organisation
        ).exists()


def _people():
    participants = list(
        Participant.objects.order_by("external_id").values_list(
            "first_name", "last_name", "birth_date", "gender", "organisation__slug"
        )
    )
    staff = list(User.objects.order_by("email").values_list("email", "full_name"))
    return participants, staff


def _case_files():
    return (
        list(
            Case.objects.order_by("participant__external_id").values_list(
                "participant__external_id",
                "responsible__email",
                "stage",
                "entry_date",
                "exit_date",
                "exit_reason",
                "followup_6m_employed",
            )
        ),
        list(
            Contact.objects.order_by("case__participant__external_id", "date", "id").values_list(
                "case__participant__external_id", "date", "channel", "topics", "notes"
            )
        ),
        list(
            Consent.objects.order_by("participant__external_id", "purpose", "id").values_list(
                "participant__external_id", "purpose", "given_on", "withdrawn_on"
            )
        ),
        list(
            Assessment.objects.order_by("case__participant__external_id", "date", "id").values_list(
                "case__participant__external_id", "date", "need_language", "need_digital"
            )
        ),
        list(
            FollowUp.objects.order_by(
                "case__participant__external_id", "due_date", "id"
            ).values_list("case__participant__external_id", "due_date", "title", "done_at")
        ),
        list(FirstContact.objects.order_by("date", "id").values_list("date", "status", "name")),
    )


def test_same_seed_gives_the_same_people(db):
    call_command("seed_demo", "--participants", "30", "--seed", "3")
    first = _people()
    call_command("seed_demo", "--participants", "30", "--seed", "3")
    assert _people() == first
    call_command("seed_demo", "--participants", "30", "--seed", "4")
    other = _people()
    assert other[0] != first[0]
    assert other[1] != first[1]


def test_same_seed_gives_the_same_case_files(db):
    call_command("seed_demo", "--participants", "40", "--seed", "5")
    first = _case_files()
    assert all(first)
    call_command("seed_demo", "--participants", "40", "--seed", "5")
    assert _case_files() == first
    call_command("seed_demo", "--participants", "40", "--seed", "6")
    assert _case_files()[1] != first[1]


def test_the_number_of_queries_does_not_grow_with_the_participants(db):
    """Ten times the people (and contacts) may add a few INSERT batches, not a query each."""
    call_command("seed_demo", "--participants", "0")  # the projects and logins exist
    with CaptureQueriesContext(connection) as small:
        call_command("seed_demo", "--participants", "40")
    with CaptureQueriesContext(connection) as large:
        call_command("seed_demo", "--participants", "400")
    assert Contact.objects.count() > 2500
    assert len(large.captured_queries) - len(small.captured_queries) < 40


def test_a_smaller_seed_replaces_the_bigger_one_and_its_extra_staff(db):
    call_command("seed_demo", "--participants", "300")
    call_command("seed_demo", "--participants", "20")
    assert Participant.objects.count() == 20
    assert Case.objects.count() == 20
    assert not Contact.objects.exclude(case__in=Case.objects.all()).exists()
    team = User.objects.filter(email__contains=".team")
    # One case worker per consortium member plus two non-case roles per project.
    members = ProjectMember.objects.count()
    assert team.count() == members + 2 * Project.objects.count()
    assert not team.filter(memberships__isnull=True).exists()


def test_without_participants_there_is_staff_everywhere_and_the_cafes_have_walk_ins(db):
    call_command("seed_demo", "--participants", "0")
    assert not Case.objects.exists()
    for member in ProjectMember.objects.all():
        assert Membership.objects.filter(
            project=member.project, organisation=member.organisation, role__in=list(CASE_ROLES)
        ).exists()
    assert ConsentText.objects.count() == 5 * len(ConsentPurpose.values)
    assert FirstContact.objects.filter(project__slug="bqb-sued").count() >= 10


def test_seed_demo_refuses_in_production(db, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        call_command("seed_demo", "--participants", "5")
    assert not Project.objects.exists()


def test_the_summary_names_cases_and_contacts(db, capsys):
    call_command("seed_demo", "--participants", "10")
    out = capsys.readouterr().out
    assert "10 participants, 10 cases" in out
    assert f"{Contact.objects.count()} contacts" in out


def test_if_empty_leaves_loaded_data_alone(seeded, capsys):
    call_command("seed_demo", "--if-empty", "--participants", "5")
    assert "already loaded" in capsys.readouterr().out
    assert Participant.objects.count() == 60


def test_negative_participant_count_is_refused(db):
    with pytest.raises(SystemExit):
        call_command("seed_demo", "--participants", "-1")


def test_demo_logins_prints_every_login(seeded, capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert data.DEMO_PASSWORD in out
    for local, *_ in data.DEMO_USERS:
        assert f"{local}@{data.DEMO_DOMAIN}" in out


def test_demo_lead_can_open_their_team_page_without_mfa(client, seeded):
    response = client.post(
        "/accounts/login/",
        {"login": f"projektleitung@{data.DEMO_DOMAIN}", "password": data.DEMO_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert client.get("/projekte/bqb-sued/team/").status_code == 200


def test_seeding_works_when_the_skill_list_is_empty(db):
    """Browser tests flush the tables, data migrations included."""
    Skill.objects.all().delete()
    call_command("seed_demo", "--participants", "60")
    assert Assessment.objects.exists()
    assert not Assessment.skills.through.objects.exists()
