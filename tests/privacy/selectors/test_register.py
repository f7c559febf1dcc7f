"""The register of processing activities of a project and the evaluators' pseudonymised
table (privacy.selectors.register): purposes from the consent texts, recipients,
retention rules; pseudonyms stable per project and different across projects, no
direct identifiers, months for dates, small groups generalised and suppressed."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.participants.models import ConsentText
from quartier.privacy.models import RetentionRule
from quartier.privacy.selectors.register import (
    HEADER,
    QUASI_IDENTIFIERS,
    age_band,
    evaluation_table,
    k_anonymise,
    processing_register,
    pseudonym,
)
from tests.economy.factories import PlacementFactory
from tests.factories import ContactFactory, DistrictFactory, FunderFactory
from tests.network.factories import PartnerFactory
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db


# The register of processing activities ------------------------------------------------


def test_the_register_names_purposes_recipients_and_deletion_periods(world):
    project = world.project
    for version, valid_from, text in (
        ("1.0", date(2024, 1, 1), "Old wording"),
        ("2.0", date(2025, 1, 1), "New wording"),
    ):
        ConsentText.objects.create(
            project=project,
            purpose="counselling",
            text_version=version,
            valid_from=valid_from,
            text=text,
        )
    ConsentText.objects.create(project=project, purpose="photos", text_version="1.0", text="Photos")
    partner = PartnerFactory(project=project, organisation=world.org_a)
    PartnerFactory(project=project, organisation=world.org_a, is_active=False)
    funder = FunderFactory()
    project.funders.add(funder)
    PlacementFactory(case=case_of(world))
    officer = world.member(Role.DATA_PROTECTION_OFFICER, world.org_b)
    world.member(Role.EVALUATOR, world.org_a)
    rule = RetentionRule.objects.create(
        project=project,
        scope="indicator_data",
        legal_basis="Documentation for the programme's audits",
        citation="Art. 82 VO (EU) 2021/1060",
        start_event="funded_period_end",
        duration_months=60,
    )

    register = processing_register(project=project)

    assert [(p.purpose, p.text_version, p.text) for p in register.purposes] == [
        ("counselling", "2.0", "New wording"),
        ("photos", "1.0", "Photos"),
    ]
    assert register.partners == [partner]
    assert register.funders == [funder]
    assert register.employers_with_placements == 1
    assert [m.user for m in register.officers] == [officer]
    assert [m.organisation for m in register.evaluators] == [world.org_a]
    assert register.retention_rules == [rule]
    assert [m.organisation for m in register.controllers][0] == world.org_a  # the lead first
    assert any(special for _name, _holds, special in register.categories)


# Pseudonyms and age bands --------------------------------------------------------------


def test_pseudonyms_are_stable_per_project_and_differ_across_projects():
    assert pseudonym(project_id=1, participant_id=7) == pseudonym(project_id=1, participant_id=7)
    assert pseudonym(project_id=1, participant_id=7) != pseudonym(project_id=2, participant_id=7)
    assert pseudonym(project_id=1, participant_id=7) != pseudonym(project_id=1, participant_id=8)


def test_a_pseudonym_depends_on_the_installations_secret(settings):
    before = pseudonym(project_id=1, participant_id=7)
    settings.SECRET_KEY = "another-installation-" + "x" * 40
    assert pseudonym(project_id=1, participant_id=7) != before


@pytest.mark.parametrize(
    ("age", "band"),
    [(15, "under_18"), (17, "under_18"), (18, "18_29"), (29, "18_29"), (30, "30_54")]
    + [(54, "30_54"), (55, "55_plus"), (70, "55_plus")],
)
def test_age_bands_are_the_esf_groups(age, band):
    assert age_band(age) == band


# k-anonymity --------------------------------------------------------------------------


def _rows(*specs):
    rows = []
    for gender, band, district, month, count in specs:
        for _ in range(count):
            rows.append(
                {
                    "gender": gender,
                    "age_band": band,
                    "district": district,
                    "entry_month": month,
                    "exit_month": "2026-01",
                    "generalisation": "none",
                }
            )
    return rows


def test_common_combinations_stay_rare_ones_get_years_then_stars():
    rows = _rows(
        ("female", "30_54", "Marxloh", "2025-03", 5),  # common: kept
        *[("male", "18_29", "Marxloh", f"2025-0{m}", 1) for m in range(1, 6)],  # 5 in 2025
        ("non_binary", "55_plus", "Hochfeld", "2025-02", 2),  # rare even by year
    )
    generalised, suppressed = k_anonymise(rows, 5)
    assert (generalised, suppressed) == (5, 2)
    assert {r["entry_month"] for r in rows[:5]} == {"2025-03"}
    assert {(r["entry_month"], r["exit_month"], r["generalisation"]) for r in rows[5:10]} == {
        ("2025", "2026", "year")
    }
    for row in rows[10:]:
        assert [row[c] for c in (*QUASI_IDENTIFIERS, "exit_month")] == ["*"] * 5
        assert row["generalisation"] == "suppressed"


def test_every_combination_shown_occurs_at_least_k_times():
    rows = _rows(
        ("female", "30_54", "A", "2025-03", 7),
        ("female", "30_54", "A", "2025-04", 4),
        ("female", "30_54", "A", "2024-04", 1),
        ("male", "18_29", "B", "2025-01", 3),
        ("male", "18_29", "B", "2025-02", 2),
    )
    k_anonymise(rows, 5)
    shown = {}
    for row in rows:
        if row["generalisation"] != "suppressed":
            key = tuple(row[c] for c in QUASI_IDENTIFIERS)
            shown[key] = shown.get(key, 0) + 1
    assert shown
    assert min(shown.values()) >= 5


# The table ------------------------------------------------------------------------------


def test_the_table_has_no_direct_identifiers_and_months_for_dates(world):
    district = DistrictFactory(name="Marxloh")
    cases = [
        case_of(
            world,
            first_name="Identifiable",
            last_name=f"Person{i}",
            email=f"person{i}@example.org",
            street="Hauptstraße 1",
            district=district,
            health_notes="Secret health note",
            entry_date=date(2025, 3, 10 + i),
        )
        for i in range(5)
    ]
    ContactFactory(case=cases[0])
    case_of(world, world.org_b, last_name="Partnerorgperson", district=district)
    table = evaluation_table(project=world.project)
    assert table.header == HEADER
    assert len(table.rows) == 6  # every organisation's cases of the project
    text = repr(table.rows)
    for identifier in ("Identifiable", "Person0", "example.org", "Hauptstraße", "Secret"):
        assert identifier not in text
    assert "1990" not in text  # no birth date
    columns = dict(zip(HEADER, zip(*table.rows, strict=True), strict=True))
    assert "2025-03" in columns["entry_month"]
    assert sorted(columns["contacts"], reverse=True)[0] == 1
    assert list(columns["pseudonym"]) == sorted(columns["pseudonym"])
