"""The project dashboard through the test client: figures from real rows, the period and
district filters, the charts beside their tables, permissions, and a query count that
does not grow with the data."""

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import District, Project, Role
from quartier.offers.models import Certificate
from tests.factories import (
    CaseFactory,
    ContactFactory,
    DistrictFactory,
    DistrictStatisticFactory,
    FirstContactFactory,
    FollowUpFactory,
    FunderFactory,
)
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
)
from tests.reports import factories_economy as economy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

TODAY = timezone.localdate()
YEAR_2025 = {"period": "custom", "date_from": "2025-01-01", "date_to": "2025-12-31"}


def dashboard_url(project) -> str:
    return reverse("reports:dashboard", args=[project.slug])


def certificate(enrolment, *, issued_on: date, revoked: bool = False) -> Certificate:
    """An issued certificate row as `certificate_issue` would leave it (no PDF needed)."""
    return Certificate.objects.create(
        enrolment=enrolment,
        number=f"Z-{secrets.token_hex(4)}",
        verification_token=secrets.token_urlsafe(32),
        issued_on=issued_on,
        period_start=enrolment.start_date,
        period_end=issued_on,
        hours="40.00",
        participant_name="(Snapshot)",
        offer_title=enrolment.offer.title,
        offer_kind=enrolment.offer.kind,
        organisation_name=enrolment.offer.organisation.name,
        project_name=enrolment.offer.project.name,
        revoked_at=timezone.now() if revoked else None,
        revocation_reason="issued by mistake" if revoked else "",
    )


@dataclass
class Seeded:
    project: Project
    north: District
    south: District
    names: list[str]


def seed(world) -> Seeded:
    """A small project year, 2025, with a row in every figure of the dashboard.

    Cases (entry → exit, stage, district): Aylin 10.02. profiling north; Bernd 05.03.
    qualification north; Carla 20.03.→30.06. exited south; Dieter 01.05.2024
    first counselling (no district); Emine (partner organisation B) 01.04. placement
    north.
    """
    project = world.project
    project.funders.add(FunderFactory(name="Europäischer Sozialfonds Plus", programme="BIWAQ"))
    north = DistrictFactory(name="Wanne-Nord", slug="wanne-nord")
    south = DistrictFactory(name="Wanne-Süd", slug="wanne-sued")
    project.districts.add(north, south)
    DistrictStatisticFactory(district=north, source="Stadt Herne, Statistikstelle")

    def case(first, last, *, entry, stage, district=None, org=None, gender="female", **extra):
        return CaseFactory(
            participant__project=project,
            participant__organisation=org or world.org_a,
            participant__first_name=first,
            participant__last_name=last,
            participant__district=district,
            participant__gender=gender,
            entry_date=entry,
            stage=stage,
            **extra,
        )

    aylin = case("Aylin", "Demir", entry=date(2025, 2, 10), stage="profiling", district=north)
    bernd = case(
        "Bernd",
        "Kowalski",
        entry=date(2025, 3, 5),
        stage="qualification",
        district=north,
        gender="male",
    )
    carla = case(
        "Carla",
        "Nowak",
        entry=date(2025, 3, 20),
        stage="exited",
        district=south,
        exit_date=date(2025, 6, 30),
        exit_reason="employment",
        exit_job_searching="no",
        exit_education_training="no",
        exit_qualification="yes",
        exit_employed="yes",
    )
    dieter = case("Dieter", "Schulz", entry=date(2024, 5, 1), stage="first_counselling")
    emine = case(
        "Emine",
        "Yilmaz",
        entry=date(2025, 4, 1),
        stage="placement",
        district=north,
        org=world.org_b,
    )

    ContactFactory(case=aylin, date=date(2025, 2, 12), duration_minutes=60)
    ContactFactory(case=aylin, date=date(2025, 3, 1), duration_minutes=30)
    ContactFactory(case=bernd, date=date(2025, 3, 10), duration_minutes=90)
    ContactFactory(case=dieter, date=date(2024, 6, 1), duration_minutes=45)

    yesterday = TODAY - timedelta(days=1)
    FollowUpFactory(case=aylin, due_date=yesterday)
    FollowUpFactory(case=carla, due_date=yesterday, kind="six_month")
    FollowUpFactory(case=bernd, due_date=yesterday, done_at=timezone.now())
    FollowUpFactory(case=bernd, due_date=TODAY + timedelta(days=3))

    FirstContactFactory(project=project, date=date(2025, 2, 1), channel="walk_in")
    FirstContactFactory(project=project, date=date(2025, 2, 3), channel="walk_in")
    FirstContactFactory(project=project, date=date(2025, 3, 4), channel="request", status="request")
    FirstContactFactory(
        project=project,
        date=date(2025, 1, 15),
        channel="outreach",
        status="converted",
        participant=aylin.participant,
    )
    FirstContactFactory(project=project, date=date(2024, 7, 1), channel="phone")

    place = LocationFactory(project=project, district=north)
    module = OfferFactory(project=project, title="Stadtteilservice", capacity=10)
    module.locations.add(place)
    cafe = OfferFactory(project=project, title="Stadtteilcafé", capacity=None)
    EnrolmentFactory(offer=module, case=aylin, start_date=date(2025, 2, 15))
    EnrolmentFactory(offer=module, case=bernd, start_date=date(2025, 3, 15))
    finished = EnrolmentFactory(
        offer=module,
        case=carla,
        status="completed",
        start_date=date(2025, 3, 25),
        end_date=date(2025, 6, 30),
    )
    EnrolmentFactory(offer=cafe, case=emine, start_date=date(2025, 4, 2))
    EnrolmentFactory(
        offer=module,
        case=dieter,
        status="waiting",
        start_date=None,
        waiting_since=timezone.make_aware(datetime(2025, 5, 1, 9, 0)),
    )
    AttendanceFactory(enrolment=finished, date=date(2025, 4, 7), hours="3.00")
    AttendanceFactory(enrolment=finished, date=date(2025, 4, 8), hours="2.50")
    certificate(finished, issued_on=date(2025, 6, 30))
    certificate(finished, issued_on=date(2025, 7, 1), revoked=True)
    names = ["Aylin", "Demir", "Bernd", "Kowalski", "Carla", "Nowak", "Dieter", "Schulz"]
    return Seeded(project=project, north=north, south=south, names=[*names, "Emine", "Yilmaz"])


@pytest.fixture
def seeded(world) -> Seeded:
    return seed(world)


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with this caption: header cell → the other cells' text."""
    match = re.search(
        rf"<table[^>]*>\s*<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", html, re.S
    )
    assert match, f"no table captioned {caption!r}"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        heads = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if heads:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            rows[re.sub(r"<[^>]+>", "", heads[0]).strip()] = [
                re.sub(r"<[^>]+>", "", cell).strip() for cell in cells
            ]
    return rows


# The figures ---------------------------------------------------------------------------


def test_lead_sees_the_year_by_stage_with_the_partners_participants(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project), YEAR_2025)
    assert response.status_code == 200
    board = response.context["board"]
    stages = {row.stage: row.count for row in board.stages}
    # Dieter's case (2024, still open) takes part in 2025 too; Emine belongs to the
    # partner organisation and counts all the same: the dashboard covers the consortium.
    assert stages == {
        "first_counselling": 1,
        "profiling": 1,
        "qualification": 1,
        "work_trial": 0,
        "internship": 0,
        "placement": 1,
        "stabilisation": 0,
        "exited": 1,
    }
    rows = table_rows(response.content.decode(), "Participants by stage")
    assert rows["Profiling"][0] == "1"
    assert rows["Total"][0] == "5"


def test_entries_exits_contacts_and_hours_per_month(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project), YEAR_2025)
    months = response.context["board"].months
    assert [row.month for row in months.rows] == [date(2025, m, 1) for m in range(1, 13)]
    by_month = {row.month.month: row for row in months.rows}
    assert (by_month[2].entries, by_month[3].entries, by_month[4].entries) == (1, 2, 1)
    assert by_month[6].exits == 1
    assert (months.entries, months.exits) == (4, 1)
    assert (by_month[2].contacts, by_month[3].contacts, months.contacts) == (1, 2, 3)
    assert str(by_month[3].contact_hours) == "2.0"  # 30 + 90 minutes
    assert str(by_month[4].attendance_hours) == "5.5"
    html = response.content.decode()
    entries = table_rows(html, "Entries and exits per month")
    assert entries["03/2025"] == ["2", "0"]
    assert entries["06/2025"] == ["0", "1"]
    contacts = table_rows(html, "Contacts and hours per month")
    assert contacts["03/2025"] == ["2", "2.0", "0.0"]
    assert contacts["04/2025"] == ["0", "0.0", "5.5"]


def test_overdue_follow_ups_certificates_channels_and_offers(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project), YEAR_2025)
    board = response.context["board"]
    assert board.overdue.total == 2
    assert {kind: n for kind, _label, n in board.overdue.by_kind}["six_month"] == 1
    assert board.certificates.issued == 1
    assert board.certificates.revoked == 1
    channels = {row.channel: (row.count, row.converted) for row in board.channels}
    assert channels["walk_in"] == (2, 0)
    assert channels["request"] == (1, 0)  # the appointment request from the public map
    assert channels["outreach"] == (1, 1)
    assert channels["phone"] == (0, 0)  # 2024 lies outside the period
    offers = {offer.title: offer for offer in board.offers.offers}
    assert (offers["Stadtteilservice"].taken, offers["Stadtteilservice"].waiting) == (2, 1)
    assert offers["Stadtteilservice"].fill == 20
    assert offers["Stadtteilcafé"].fill is None
    assert (board.offers.taken_limited, board.offers.capacity, board.offers.fill) == (2, 10, 20)
    html = response.content.decode()
    channel_rows = table_rows(html, "First contacts by channel")
    assert channel_rows["Appointment request from the offer map"] == ["1", "0"]
    offer_rows = table_rows(html, "Offers with their fill rate (active enrolments per place)")
    assert offer_rows["Stadtteilservice"][1:] == ["10", "2", "1", "20 %"]


def test_whole_project_is_the_default_and_counts_every_year(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project))
    board = response.context["board"]
    assert response.context["period"].is_whole_project
    assert board.months.entries == 5
    assert board.first_contacts == 5
    # The month axis covers the project's years (2024 to its end) without gaps.
    months = [row.month for row in board.months.rows]
    end = seeded.project.end_date
    assert months[0] == date(2024, 1, 1)
    assert months[-1] == end.replace(day=1)
    assert len(months) == (end.year - 2024) * 12 + end.month


def test_last_year_preset(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project), {"period": "last_year"})
    period = response.context["period"]
    assert (period.date_from, period.date_to) == (
        date(TODAY.year - 1, 1, 1),
        date(TODAY.year - 1, 12, 31),
    )
    # The preset's dates stand in the form, so that changing the district keeps them.
    assert response.context["form"].initial["date_from"] == period.date_from


def test_district_filter_counts_only_participants_living_there(seeded, lead, login):
    response = login(lead).get(
        dashboard_url(seeded.project), {**YEAR_2025, "district": "wanne-nord"}
    )
    board = response.context["board"]
    assert board.taking_part == 3  # Aylin, Bernd, Emine
    assert board.months.contacts == 3
    assert board.overdue.total == 1  # Carla lives in the south
    # Only the offer with a place in the district; first contacts have no district.
    assert [offer.title for offer in board.offers.offers] == ["Stadtteilservice"]
    assert board.first_contacts == 4


def test_end_before_start_is_a_clear_message_not_an_error(seeded, lead, login):
    response = login(lead).get(
        dashboard_url(seeded.project),
        {"period": "custom", "date_from": "2025-06-01", "date_to": "2025-05-31"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "lies before its start (01.06.2025)" in html
    assert "board" not in response.context


def test_impossible_date_and_unknown_district_are_refused_with_a_message(seeded, lead, login):
    client = login(lead)
    response = client.get(dashboard_url(seeded.project), {"date_from": "2025-02-30"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]
    response = client.get(dashboard_url(seeded.project), {"district": "elsewhere"})
    assert response.status_code == 200
    assert response.context["form"].errors["district"]


def test_empty_project_says_what_to_do(world, lead, login):
    response = login(lead).get(dashboard_url(world.project))
    assert response.status_code == 200
    assert response.context["board"].is_empty
    html = response.content.decode()
    assert "empty-state" in html


# Charts -------------------------------------------------------------------------------


def test_charts_are_inline_svg_with_text_alternatives_and_no_outside_requests(seeded, lead, login):
    response = login(lead).get(dashboard_url(seeded.project), YEAR_2025)
    html = response.content.decode()
    charts = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    # Stages, entries, contacts, hours, channels; employers by size, placements.
    assert len(charts) == 7
    for chart in charts:
        assert 'role="img"' in chart
        labelled = re.search(r'aria-labelledby="([^"]+)"', chart).group(1).split()
        for element_id in labelled:
            assert f'id="{element_id}"' in chart
        assert "http" not in chart.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html.split("<main", 1)[1]
    # Every page resource comes from the site itself.
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url
    # The funnel's bars carry the same numbers as its table.
    funnel = charts[0]
    assert re.search(r"<title>Profiling: 1</title>", funnel)


# Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROJECT_LEAD, 200),
        (Role.CASE_WORKER, 200),
        (Role.JOB_COACH, 200),
        (Role.EVALUATOR, 200),
        (Role.NETWORK_COACH, 403),
        (Role.EMPLOYER_LIAISON, 403),
        (Role.ORGANISATION_ADMIN, 403),
    ],
)
def test_who_may_open_the_dashboard(world, login, role, status):
    user = world.member(role, world.org_b)
    assert login(user).get(dashboard_url(world.project)).status_code == status


def test_platform_admin_sees_every_project(world, platform_admin, login):
    assert login(platform_admin).get(dashboard_url(world.other_project)).status_code == 200


def test_other_projects_and_unknown_slugs_are_not_found(world, lead, login):
    client = login(lead)
    assert client.get(dashboard_url(world.other_project)).status_code == 404
    assert client.get("/projekte/gibt-es-nicht/auswertung/").status_code == 404


def test_reports_list_and_navigation_lead_to_the_dashboard(world, lead, login):
    client = login(lead)
    response = client.get(reverse("reports:report_list"))
    assert response.status_code == 200
    assert dashboard_url(world.project) in response.content.decode()
    assert dashboard_url(world.other_project) not in response.content.decode()
    page = client.get(reverse("core:project_detail", args=[world.project.slug])).content.decode()
    assert dashboard_url(world.project) in page
    assert reverse("reports:report_list") in page  # the navigation entry


def test_network_coach_has_no_reports_entry(world, login):
    coach = world.member(Role.NETWORK_COACH)
    client = login(coach)
    page = client.get(reverse("core:project_detail", args=[world.project.slug])).content.decode()
    assert reverse("reports:report_list") not in page
    assert dashboard_url(world.project) not in page


# Queries --------------------------------------------------------------------------------


def more_data(world, seeded: Seeded, number: int) -> None:
    """`number` more cases with contacts, follow-ups, enrolments, attendance,
    certificates, first contacts and offers, spread over the districts."""
    for index in range(number):
        district = (seeded.north, seeded.south, None)[index % 3]
        case = CaseFactory(
            participant__project=seeded.project,
            participant__organisation=(world.org_a, world.org_b)[index % 2],
            participant__district=district,
            entry_date=date(2025, 1 + index % 12, 1 + index % 27),
            stage=("profiling", "qualification", "internship", "stabilisation")[index % 4],
        )
        ContactFactory(case=case, date=date(2025, 1 + index % 12, 2))
        FollowUpFactory(case=case, due_date=TODAY - timedelta(days=2))
        FirstContactFactory(project=seeded.project, date=date(2025, 1 + index % 12, 3))
        offer = OfferFactory(project=seeded.project, capacity=5 + index)
        enrolment = EnrolmentFactory(offer=offer, case=case, start_date=date(2025, 1, 10))
        AttendanceFactory(enrolment=enrolment, date=date(2025, 2, 1 + index % 27))
        certificate(enrolment, issued_on=date(2025, 5, 1 + index % 27))
        # The local economy (BIWAQ HF2) grows too.
        day = date(2025, 1 + index % 12, 4)
        firm = economy.employer(
            seeded.project, ("micro", "small", "large", "")[index % 4], district=district
        )
        economy.declare(firm, date(2025, 1, 1), "medium")
        economy.service(firm, day, aim=("company", "person")[index % 2])
        economy.invite(economy.event(seeded.project, day, district=district), firm)
        economy.change(economy.unit(seeded.project, "let", let_on=day), "let", day)
        placed = economy.placement(seeded.project, day, case=case)
        economy.check(placed, 1, ("stable", "at_risk", "ended", "due")[index % 4])


@pytest.mark.parametrize("filters", [YEAR_2025, {**YEAR_2025, "district": "wanne-nord"}, {}])
def test_query_count_does_not_grow_with_the_data(world, seeded, lead, login, filters):
    client = login(lead)
    url = dashboard_url(seeded.project)
    client.get(url, filters)  # the session's first request does more

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, filters)
        assert response.status_code == 200
        return len(captured)

    few = queries()
    more_data(world, seeded, 60)  # more offers than the dashboard lists, too
    many = queries()
    assert many == few
    assert many <= 41  # 32 before the local economy, plus its nine queries


def test_chart_coordinates_are_not_localised_in_german(seeded, lead, login, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = login(lead).get(dashboard_url(seeded.project), YEAR_2025)
    html = response.content.decode()
    assert '<html lang="de">' in html
    charts = "".join(re.findall(r"<svg[^>]*>.*?</svg>", html, re.S))
    coordinates = re.findall(r'\b(?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', charts)
    assert coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
