"""The vacant unit pages (`economy.views.units`): list with filters, create, detail,
versioned edit, the status change (with the business that moved in) and delete."""

import datetime as dt

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.economy.models import VacantUnit
from tests.economy.factories_events import EventEmployerFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


@pytest.fixture
def unit(world):
    return UnitFactory(project=world.project, organisation=world.org_a)


def url(name, *args):
    return reverse(f"economy:{name}", args=args)


def test_the_list_filters_by_status_and_address(world, liaison, login, unit):
    UnitFactory(
        project=world.project,
        organisation=world.org_a,
        street="Emil-Wölk-Straße 4",
        title="Ehemaliges Café",
        status="in_talks",
    )
    UnitFactory(project=world.project, organisation=world.org_b, title="Partnerladen")
    client = login(liaison)
    page = client.get(url("unit_list"))
    assert unit.title in page.text
    assert "Ehemaliges Café" in page.text
    assert "Partnerladen" not in page.text
    assert "Ehemaliges Café" not in client.get(url("unit_list"), {"status": "vacant"}).text
    assert unit.title not in client.get(url("unit_list"), {"q": "Wölk"}).text


def test_the_empty_list_says_what_to_do(liaison, login):
    response = login(liaison).get(url("unit_list"))
    assert "No vacant units yet. Record an empty shop" in response.text


def test_create_a_unit(world, liaison, login):
    response = login(liaison).post(
        url("unit_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "title": "Ehemalige Bäckerei",
            "use": "shop",
            "street": "Karl-Marx-Allee 3",
            "postcode": "07747",
            "city": "Jena",
            "area_m2": "85.5",
            "rent_monthly": "720",
            "vacant_since": "2025-11-01",
        },
    )
    unit = VacantUnit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("unit_detail", unit.pk)
    assert str(unit.area_m2) == "85.5"
    assert unit.status_changes.count() == 1


def test_bad_input_says_why(world, liaison, login):
    response = login(liaison).post(
        url("unit_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "title": "x",
            "use": "shop",
            "street": "y",
            "postcode": "0774",
            "latitude": "50,9",
        },
    )
    assert response.status_code == 200
    assert "A German postcode has five digits." in response.text
    assert "Enter both latitude and longitude, or neither." in response.text
    assert not VacantUnit.objects.exists()


def test_partners_get_404_and_case_workers_403_on_changes(world, login, unit):
    partner = login(world.member(Role.EMPLOYER_LIAISON, world.org_b))
    for name in ("unit_detail", "unit_edit", "unit_status", "unit_delete"):
        assert partner.get(url(name, unit.pk)).status_code == 404
    worker = login(world.member(Role.CASE_WORKER, world.org_a))
    assert worker.get(url("unit_detail", unit.pk)).status_code == 200
    assert worker.get(url("unit_status", unit.pk)).status_code == 403


def test_stale_edit_is_refused(liaison, login, unit):
    data = {
        "expected_version": unit.version,
        "title": "Neu",
        "use": "shop",
        "street": unit.street,
    }
    VacantUnit.objects.filter(pk=unit.pk).update(version=unit.version + 1)
    response = login(liaison).post(url("unit_edit", unit.pk), data)
    assert "Someone else changed this record" in response.text
    unit.refresh_from_db()
    assert unit.title != "Neu"


def test_let_with_the_business_that_moved_in(world, liaison, login, unit):
    tenant = EventEmployerFactory(project=world.project, organisation=world.org_a)
    client = login(liaison)
    form = client.get(url("unit_status", unit.pk))
    assert tenant.name in form.text
    data = {
        "expected_version": unit.version,
        "status": "let",
        "date": "2026-02-01",
        "tenant": tenant.pk,
    }
    response = client.post(url("unit_status", unit.pk), data)
    assert response.status_code == 302
    # The same form sent again (a double submit) changes nothing.
    assert client.post(url("unit_status", unit.pk), data).status_code == 302
    unit.refresh_from_db()
    assert (unit.status, unit.let_on, unit.tenant) == ("let", dt.date(2026, 2, 1), tenant)
    assert unit.status_changes.filter(status="let").count() == 1
    detail = client.get(url("unit_detail", unit.pk))
    assert tenant.name in detail.text


def test_a_foreign_tenant_is_refused(world, liaison, login, unit):
    foreign = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    response = login(liaison).post(
        url("unit_status", unit.pk),
        {
            "expected_version": unit.version,
            "status": "let",
            "date": "2026-02-01",
            "tenant": foreign.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_delete_asks_first(liaison, login, unit):
    client = login(liaison)
    assert "This cannot be undone" in client.get(url("unit_delete", unit.pk)).text
    assert VacantUnit.objects.exists()
    assert client.post(url("unit_delete", unit.pk)).status_code == 302
    assert not VacantUnit.objects.exists()


def test_the_list_costs_the_same_queries_for_more_units(world, liaison, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(liaison)
    tenant = EventEmployerFactory(project=world.project, organisation=world.org_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("unit_list")).status_code == 200
        return len(queries)

    UnitFactory(project=world.project, organisation=world.org_a, tenant=tenant)
    count()  # the first request fills the caches (session, content types)
    one = count()
    for _ in range(4):
        UnitFactory(project=world.project, organisation=world.org_a, tenant=tenant)
    assert count() == one


def test_an_unknown_filter_value_is_left_out(world, liaison, login, unit):
    response = login(liaison).get(url("unit_list"), {"project": "999999", "q": unit.street})
    assert response.status_code == 200
    assert unit.title in response.text
