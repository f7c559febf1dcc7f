"""Writes of employers (`economy.services.employers`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models.employers import Employer, SizeDeclaration
from quartier.economy.services import employers as services
from tests.economy.factories import ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def _create(actor, world, **fields):
    return services.employer_create(
        actor=actor,
        project=world.project,
        organisation=fields.pop("organisation", world.org_a),
        **{"name": "Bäckerei Schmidt", "postcode": "44649", "city": "Herne", **fields},
    )


def test_create_keeps_the_first_size_declaration_with_the_derived_class(world, liaison):
    employer = _create(liaison, world, headcount=12, size_declared_on=dt.date(2025, 3, 1))
    assert (employer.size_class, employer.headcount) == ("small", 12)
    assert list(
        SizeDeclaration.objects.filter(employer=employer).values_list(
            "declared_on", "headcount", "size_class"
        )
    ) == [(dt.date(2025, 3, 1), 12, "small")]
    assert employer.created_by == liaison
    assert employer.name_key == "baeckereischmidt"


def test_create_without_size_declares_nothing(world, liaison):
    employer = _create(liaison, world)
    assert employer.size_class == ""
    assert not SizeDeclaration.objects.filter(employer=employer).exists()


def test_a_given_size_class_wins_over_the_headcount(world, liaison):
    employer = _create(liaison, world, headcount=5, size_class="medium")
    assert employer.size_class == "medium"


def test_duplicate_name_and_postcode_waits_for_the_confirmation(world, liaison):
    existing = _create(liaison, world, name="Bäckerei Schmidt GmbH")
    with pytest.raises(services.DuplicateSuspected) as suspected:
        _create(liaison, world, name="Baeckerei schmidt")
    assert suspected.value.duplicates == [existing]
    assert Employer.objects.count() == 1
    second = _create(liaison, world, name="Baeckerei schmidt", not_a_duplicate=True)
    assert second.pk != existing.pk
    # Another postcode is another firm.
    _create(liaison, world, name="Bäckerei Schmidt", postcode="44623")


def test_a_partners_employer_is_not_shown_as_duplicate(world, liaison, partner_liaison):
    _create(partner_liaison, world, organisation=world.org_b)
    assert _create(liaison, world).organisation == world.org_a


def test_create_needs_an_economy_role_in_the_organisation(world, liaison, case_worker):
    with pytest.raises(PermissionDenied):
        _create(case_worker, world)
    with pytest.raises(PermissionDenied):
        _create(liaison, world, organisation=world.org_b)
    outsider = world.member(Role.EMPLOYER_LIAISON, world.org_c, project=world.other_project)
    with pytest.raises(PermissionDenied):
        _create(outsider, world)


def test_bad_postcode_is_a_field_error(world, liaison):
    with pytest.raises(ValidationError) as error:
        _create(liaison, world, postcode="4464")
    assert "postcode" in error.value.message_dict


def test_update_is_versioned_and_checks_the_owner(world, liaison, partner_liaison, case_worker):
    employer = EmployerFactory(project=world.project, organisation=world.org_a)
    services.employer_update(
        actor=liaison, employer=employer, expected_version=employer.version, name="Neu GmbH"
    )
    employer.refresh_from_db()
    assert (employer.name, employer.name_key, employer.version) == ("Neu GmbH", "neu", 2)
    with pytest.raises(ConcurrentEditError):
        services.employer_update(actor=liaison, employer=employer, expected_version=1, city="X")
    for other in (partner_liaison, case_worker):
        with pytest.raises(PermissionDenied):
            services.employer_update(
                actor=other, employer=employer, expected_version=employer.version, city="X"
            )


def test_declare_size_appends_and_the_latest_is_current(world, liaison, employer):
    services.declare_size(
        actor=liaison, employer=employer, declared_on=dt.date(2025, 9, 1), headcount=260
    )
    employer.refresh_from_db()
    assert (employer.size_class, employer.headcount, employer.size_declared_on) == (
        "large",
        260,
        dt.date(2025, 9, 1),
    )
    # An earlier declaration is kept but does not replace the current size.
    services.declare_size(
        actor=liaison, employer=employer, declared_on=dt.date(2024, 1, 1), size_class="micro"
    )
    employer.refresh_from_db()
    assert employer.size_class == "large"
    assert employer.size_declarations.count() == 2


def test_declare_size_needs_a_headcount_or_class(world, liaison, employer):
    with pytest.raises(ValidationError):
        services.declare_size(actor=liaison, employer=employer, declared_on=dt.date(2025, 1, 1))


def test_contact_person_and_history(world, liaison, employer):
    person = services.contact_person_create(
        actor=liaison, employer=employer, name="Anna Berg", legal_basis="consent"
    )
    contact = services.employer_contact_create(
        actor=liaison,
        employer=employer,
        date=dt.date(2025, 5, 2),
        channel="visit",
        subject="Kennenlernen",
        contact_person=person,
        next_contact_on=dt.date(2025, 6, 1),
    )
    assert contact.staff == liaison
    services.contact_person_update(
        actor=liaison, person=person, expected_version=person.version, is_active=False
    )
    person.refresh_from_db()
    assert not person.is_active


def test_history_refuses_a_contact_person_of_another_employer(world, liaison, employer):
    other = ContactPersonFactory(employer=EmployerFactory(project=world.project))
    with pytest.raises(ValidationError) as error:
        services.employer_contact_create(
            actor=liaison,
            employer=employer,
            channel="phone",
            subject="Anruf",
            contact_person=other,
        )
    assert "contact_person" in error.value.message_dict


def test_next_contact_cannot_lie_before_the_contact(world, liaison, employer):
    with pytest.raises(ValidationError) as error:
        services.employer_contact_create(
            actor=liaison,
            employer=employer,
            date=dt.date(2025, 5, 2),
            channel="phone",
            subject="Anruf",
            next_contact_on=dt.date(2025, 5, 1),
        )
    assert "next_contact_on" in error.value.message_dict
