"""The demo's local economy (quartier.demo.economy): employers with the seeds' sectors,
services, events, vacant units, vacancies and placements with check-ins in every state,
owned where the demo's employer liaisons and job coach work; reproducible, replaced on a
reseed, and dated inside each project's period on any day."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from quartier.cases.models import Case, Skill, Stage
from quartier.core.models import Project, User
from quartier.demo import data
from quartier.economy.models import (
    BusinessEvent,
    CheckStatus,
    ContactPerson,
    EconomySettings,
    Employer,
    EmployerContact,
    EmployerService,
    EventInvitation,
    EventKind,
    EventTask,
    LegalBasis,
    Placement,
    PlacementStatus,
    ReviewStatus,
    ServiceAim,
    ServiceKind,
    SizeClass,
    SizeDeclaration,
    StabilisationCheck,
    UnitStatus,
    Vacancy,
    VacancySkill,
    VacancySource,
    VacancyStatus,
    VacantUnit,
)
from quartier.matching.models import MatchWeights

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

PARTICIPANTS = "300"


def _login(local: str) -> User:
    return User.objects.get(email=f"{local}@{data.DEMO_DOMAIN}")


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--participants", PARTICIPANTS, "--seed", "7")


def test_every_project_has_employers_of_the_seeds_sectors(seeded):
    for project in Project.objects.all():
        assert Employer.objects.filter(project=project).count() >= 5, project.slug
    jena = Employer.objects.filter(project__slug="teilhabe-am-wachstum")
    # Care, landscaping and household services, hotel and catering, crafts, retail.
    assert {"Q", "N", "I", "F", "G", "C"} <= set(jena.values_list("sector", flat=True))
    assert set(
        Employer.objects.filter(project__slug="bqb-sued").values_list("sector", flat=True)
    ) >= {"N", "Q", "I"}
    employer = jena.exclude(headcount=None).first()
    assert employer.legal_form
    assert employer.size_declared_on
    assert employer.latitude
    assert jena.filter(in_programme_area=False).exists()
    assert jena.filter(in_programme_area=True, district__slug="jena-winzerla").exists()
    assert set(Employer.objects.values_list("size_class", flat=True)) == set(SizeClass.values)


def test_size_declarations_keep_a_history_with_a_company_grown_to_large(seeded):
    assert SizeDeclaration.objects.values("employer").annotate(n=Count("id")).filter(n__gt=1)
    grown = Employer.objects.get(name__startswith="Seniorenresidenz Am Lobdeburgblick")
    history = list(grown.size_declarations.order_by("declared_on"))
    assert history[0].size_class == SizeClass.MEDIUM
    assert history[-1].size_class == SizeClass.LARGE == grown.size_class
    assert grown.size_declared_on == history[-1].declared_on
    # Services while medium and after it became large.
    dates = list(grown.services.values_list("date", flat=True))
    assert min(dates) < history[-1].declared_on < max(dates)


def test_contact_persons_and_a_relationship_history_with_due_contacts(seeded):
    assert set(ContactPerson.objects.values_list("legal_basis", flat=True)) == set(
        LegalBasis.values
    )
    # Every employer the project works with has a history; those the job search import
    # brought in (linked to its vacancies only) have none yet.
    assert (
        not Employer.objects.filter(review_status=ReviewStatus.CONFIRMED)
        .filter(contacts__isnull=True)
        .exclude(vacancies__source="ba")
    )
    today = timezone.localdate()
    for local in ("betriebe", "betriebe.jena"):
        liaison = _login(local)
        due = EmployerContact.objects.filter(
            employer__responsible=liaison, next_contact_on__lte=today
        )
        assert due.count() >= 2, local
        assert EmployerContact.objects.filter(
            employer__responsible=liaison, next_contact_on__gt=today
        ).exists()


def test_services_of_every_kind_mostly_for_the_company(seeded):
    services = EmployerService.objects.all()
    assert set(services.values_list("kind", flat=True)) == set(ServiceKind.values)
    company = services.filter(aim=ServiceAim.COMPANY).count()
    person = services.filter(aim=ServiceAim.PERSON)
    assert 0 < person.count() < company / 5
    # Aimed at the person: self-employed residents' one-person businesses.
    assert set(person.values_list("employer__headcount", flat=True)) == {1}
    large = services.filter(aim=ServiceAim.COMPANY, employer__size_class=SizeClass.LARGE)
    assert large.values("employer").distinct().count() >= 2


def test_business_events_with_attendance_and_open_tasks(seeded):
    today = timezone.localdate()
    fair = BusinessEvent.objects.get(title="b2b in Lobeda/Winzerla")
    assert fair.kind == EventKind.FAIR
    assert not fair.supports_companies
    assert fair.date < today
    assert fair.project.slug == "teilhabe-am-wachstum"
    assert fair.invitations.filter(attended=True).count() >= 5
    assert fair.invitations.filter(attended=False).exists()
    workshop = BusinessEvent.objects.filter(
        supports_companies=True, kind=EventKind.WORKSHOP, date__lt=today
    )
    assert EventInvitation.objects.filter(event__in=workshop, attended=True).exists()
    kinds = set(BusinessEvent.objects.values_list("kind", flat=True))
    assert {EventKind.ENTREPRENEURS_EVENING, EventKind.REGULARS_TABLE} <= kinds
    assert not EventInvitation.objects.filter(event__date__gte=today, attended=True).exists()
    for local in ("betriebe", "betriebe.jena"):
        open_tasks = EventTask.objects.filter(assigned_to=_login(local), done_at=None)
        assert open_tasks.filter(event__date__gte=today, due_date__lte=today).exists(), local
    assert EventTask.objects.exclude(done_at=None).exclude(done_by=None).exists()


def test_vacant_units_in_winzerla_vacant_in_talks_and_let(seeded):
    winzerla = VacantUnit.objects.filter(district__slug="jena-winzerla")
    assert set(winzerla.values_list("status", flat=True)) == set(UnitStatus.values)
    let = winzerla.get(status=UnitStatus.LET)
    assert let.tenant
    assert let.let_on
    assert list(let.status_changes.values_list("status", flat=True)) == [
        UnitStatus.VACANT,
        UnitStatus.IN_TALKS,
        UnitStatus.LET,
    ]
    assert let.tenant.units_moved_into.get() == let


def test_vacancies_own_and_reported_with_skills(seeded):
    own = Vacancy.objects.filter(source=VacancySource.OWN, status=VacancyStatus.OPEN)
    assert own.count() >= 10
    reported = Vacancy.objects.filter(source=VacancySource.EMPLOYER_REPORT)
    assert reported.count() >= 3
    assert set(reported.values_list("review_status", flat=True)) == {ReviewStatus.TO_CHECK}
    assert not reported.filter(reporter_name="").exists()
    assert not reported.filter(reporter_email="").exists()
    # A report that brought an employer not known before: to check as well.
    assert reported.filter(employer__review_status=ReviewStatus.TO_CHECK).exists()
    own_or_reported = Vacancy.objects.exclude(source=VacancySource.BA)
    assert own_or_reported.filter(latitude=None, status=VacancyStatus.OPEN).count() == 1
    # The recorded job search answer, imported through the real importer.
    imported = Vacancy.objects.filter(source=VacancySource.BA)
    assert imported.count() == 8
    assert not imported.filter(ba_refnr="").exists()
    assert VacancySkill.objects.filter(essential=True).exists()
    assert VacancySkill.objects.filter(essential=False).exists()
    assert own.exclude(occupational_field="").count() == own.count()
    assert own.filter(part_time=True).exists()
    assert own.exclude(german_level="").exists()
    assert {VacancyStatus.FILLED, VacancyStatus.CLOSED, VacancyStatus.EXPIRED} <= set(
        Vacancy.objects.values_list("status", flat=True)
    )


def test_placements_with_check_ins_in_every_state(seeded):
    placements = Placement.objects.select_related("case")
    assert placements.count() >= 20
    for placement in placements:
        case = placement.case
        assert case.stage in (Stage.PLACEMENT, Stage.STABILISATION, Stage.EXITED)
        assert case.entry_date <= placement.start_date
        assert case.exit_date is None or placement.start_date <= case.exit_date
    assert set(placements.values_list("status", flat=True)) == set(PlacementStatus.values)
    assert placements.exclude(vacancy=None).filter(vacancy__status="filled").exists()
    assert placements.filter(employer=None).exclude(employer_name="").exists()
    checks = StabilisationCheck.objects.all()
    assert set(checks.values_list("status", flat=True)) == set(CheckStatus.values)
    assert not checks.filter(status=CheckStatus.AT_RISK, risk_flags=[]).exists()
    assert not checks.filter(status=CheckStatus.ENDED, end_reason="").exists()
    for placement in placements.filter(status=PlacementStatus.ENDED):
        assert placement.ended_on
        assert placement.end_reason
        ended = placement.checks.get(with_whom="participant", status=CheckStatus.ENDED)
        assert not placement.checks.filter(months_after_start__gt=ended.months_after_start)


def test_the_demo_job_coach_and_liaison_have_check_ins_due_in_the_next_days(seeded):
    today = timezone.localdate()
    soon = today + timedelta(days=6)
    coach, liaison = _login("jobcoach"), _login("betriebe")
    mine = StabilisationCheck.objects.filter(assigned_to=coach, done_on=None)
    assert mine.filter(with_whom="participant", due_date__gte=today, due_date__lte=soon)
    assert mine.filter(with_whom="participant", due_date__lt=today).exists()
    assert StabilisationCheck.objects.filter(
        assigned_to=liaison, with_whom="employer", done_on=None, due_date__lte=soon
    ).exists()


def test_the_demo_logins_see_and_work_on_their_projects_economy(seeded):
    jena, bqb = _login("betriebe.jena"), _login("betriebe")
    fair = BusinessEvent.objects.get(title="b2b in Lobeda/Winzerla")
    assert jena.has_perm("economy.change_event", fair)
    assert not bqb.has_perm("economy.view_event", fair)
    for employer in Employer.objects.filter(project__slug="bqb-sued"):
        assert bqb.has_perm("economy.change_employer", employer)
        assert _login("jobcoach").has_perm("economy.view_employer", employer)
    for employer in Employer.objects.filter(project__slug="teilhabe-am-wachstum"):
        assert jena.has_perm("economy.change_employer", employer)
    for unit in VacantUnit.objects.filter(project__slug="teilhabe-am-wachstum"):
        assert jena.has_perm("economy.change_unit", unit)
    for check in StabilisationCheck.objects.filter(assigned_to__in=[bqb, _login("jobcoach")]):
        assert check.assigned_to.has_perm("economy.record_check", check)
    assert EconomySettings.objects.count() == MatchWeights.objects.count() == 5
    settings = EconomySettings.objects.get(project__slug="bqb-sued")
    assert settings.check_months == [1, 3, 6]
    assert settings.ba_search == {}


def _snapshot():
    return (
        list(
            Employer.objects.order_by("project__slug", "name").values_list(
                "name", "headcount", "size_declared_on", "phone"
            )
        ),
        list(
            EmployerService.objects.order_by("employer__name", "date", "kind").values_list(
                "employer__name", "date", "kind", "aim", "topic"
            )
        ),
        list(
            EventInvitation.objects.order_by("event__title", "employer__name").values_list(
                "event__title", "employer__name", "response", "attended"
            )
        ),
        list(
            Placement.objects.order_by("case__participant__external_id").values_list(
                "case__participant__external_id", "start_date", "job_title", "status"
            )
        ),
        list(
            StabilisationCheck.objects.order_by(
                "placement__case__participant__external_id", "months_after_start", "with_whom"
            ).values_list("due_date", "status", "done_on", "risk_flags")
        ),
    )


def test_same_seed_gives_the_same_economy_and_a_reseed_replaces_it(db):
    call_command("seed_demo", "--participants", "150", "--seed", "3")
    first = _snapshot()
    counts = [model.objects.count() for model in (Employer, Vacancy, Placement, BusinessEvent)]
    assert all(first)
    call_command("seed_demo", "--participants", "150", "--seed", "3")
    assert _snapshot() == first
    assert [m.objects.count() for m in (Employer, Vacancy, Placement, BusinessEvent)] == counts
    call_command("seed_demo", "--participants", "150", "--seed", "4")
    other = _snapshot()
    assert other[1] != first[1]
    assert other[3] != first[3]
    # Without participants: the economy without placements, nothing left behind.
    call_command("seed_demo", "--participants", "0")
    assert not Placement.objects.exists()
    assert not StabilisationCheck.objects.exists()
    assert Employer.objects.count() == counts[0]
    assert not Vacancy.objects.filter(status=VacancyStatus.FILLED).exists()


def test_if_empty_leaves_the_economy_alone(seeded, capsys):
    before = Placement.objects.count(), Employer.objects.count()
    call_command("seed_demo", "--if-empty", "--participants", "5")
    assert "already loaded" in capsys.readouterr().out
    assert (Placement.objects.count(), Employer.objects.count()) == before
    assert "before the local economy existed" not in capsys.readouterr().out


def test_if_empty_says_when_an_older_demo_has_no_economy(seeded, capsys):
    # A demo loaded before the local economy existed: the same data without it.
    from quartier.core.models import Project
    from quartier.demo.economy.seeding import clear_demo_economy

    clear_demo_economy({project.slug: project for project in Project.objects.all()})
    call_command("seed_demo", "--if-empty", "--participants", "5")
    out = capsys.readouterr().out
    assert "already loaded" in out
    assert "before the local economy existed" in out
    assert "seed_demo" in out


def test_seeding_works_when_the_skill_list_is_empty(db):
    Skill.objects.all().delete()
    call_command("seed_demo", "--participants", "30")
    assert Vacancy.objects.exists()
    assert not VacancySkill.objects.exists()


@pytest.mark.parametrize(
    "today", [date(2026, 12, 31), date(2028, 2, 29), date(2023, 1, 1), date(2019, 12, 31)]
)
def test_the_economy_lies_inside_each_projects_period(today):
    with time_machine.travel(today, tick=False):
        call_command("seed_demo", "--participants", "80", "--seed", "3")
    for project in Project.objects.all():
        first, last = project.start_date, project.end_date

        def within(values, upto=today, project=project):
            for value in values:
                assert first <= value <= upto, (project.slug, value)

        employers = Employer.objects.filter(project=project)
        within(
            SizeDeclaration.objects.filter(employer__in=employers).values_list(
                "declared_on", flat=True
            )
        )
        within(
            ContactPerson.objects.filter(employer__in=employers).values_list(
                "basis_noted_on", flat=True
            )
        )
        within(
            EmployerContact.objects.filter(employer__in=employers).values_list("date", flat=True)
        )
        within(
            EmployerContact.objects.filter(employer__in=employers)
            .exclude(next_contact_on=None)
            .values_list("next_contact_on", flat=True),
            upto=last,
        )
        within(
            EmployerService.objects.filter(employer__in=employers).values_list("date", flat=True)
        )
        within(BusinessEvent.objects.filter(project=project).values_list("date", flat=True), last)
        within(
            EventTask.objects.filter(event__project=project).values_list("due_date", flat=True),
            last,
        )
        units = VacantUnit.objects.filter(project=project)
        within(units.values_list("status_since", flat=True))
        within(units.exclude(let_on=None).values_list("let_on", flat=True))
        placements = Placement.objects.filter(case__project=project)
        within(placements.values_list("start_date", flat=True))
        within(placements.exclude(ended_on=None).values_list("ended_on", flat=True))
        checks = StabilisationCheck.objects.filter(placement__in=placements)
        within(checks.exclude(done_on=None).values_list("done_on", flat=True))
        within(checks.values_list("due_date", flat=True), last)
        assert not checks.filter(done_on=None).exclude(status=CheckStatus.DUE).exists()
        assert not checks.filter(status=CheckStatus.DUE, done_on__isnull=False).exists()
    assert Case.objects.filter(placements__isnull=False).exists()
