"""The indicator codes against the contract: the code table of INDICATORS.md section 2
(`shared/design/INDICATORS.md`, beside the clone) decides which code means what.

One participant per category is built, each in a project of their own, and the codes
that count them are read from the report. The contract's table says, per code, which
indicator it is; which categories each indicator counts is written out below by
indicator name, so a code that counts the wrong people (the numbering shifted) fails
here. A second test fixes every figure of a hand-built group of participants."""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from quartier.reports.indicators import (
    CODES,
    ENTITY_CODES,
    INDICATOR_LABELS,
    PARTICIPANT_CODES,
    indicator_report,
)
from tests.factories import ProjectFactory
from tests.reports.indicator_people import enter

pytestmark = pytest.mark.django_db

ENTRY = date(2024, 6, 15)
EXIT = date(2024, 7, 1)
#: On the day six calendar months after EXIT: a follow-up the indicators count.
FOLLOWED_UP = date(2025, 1, 1)


def contract_path() -> Path:
    """INDICATORS.md in the shared design folder beside the clone (in CI and in the main
    checkout); QUARTIER_SHARED_DIR names that folder where it lies elsewhere."""
    shared = os.environ.get("QUARTIER_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared"
    return Path(shared) / "design" / "INDICATORS.md"


def contract_codes() -> dict[str, str]:
    """code → indicator name, from the tables of the contract's section 2."""
    path = contract_path()
    if not path.is_file():
        pytest.skip(f"The contract {path} is not there (shared/ is not beside the clone).")
    text = path.read_text(encoding="utf-8")
    section = text.split("## 2. Definitions", 1)[1].split("## 3.", 1)[0]
    rows = re.findall(r"^\| (EEC[OR]\d\d) \| ([^|]+?) \|", section, flags=re.MULTILINE)
    return dict(rows)


# The people: a 40-year-old inactive participant entering on ENTRY, changed in one way
# (or two, where the category needs it).
CATEGORIES = {
    "unemployed": {"labour_status": "unemployed", "unemployed_since": date(2024, 5, 1)},
    "long-term unemployed": {"labour_status": "unemployed", "unemployed_since": date(2022, 1, 1)},
    "inactive": {},
    "employed": {"labour_status": "employed"},
    "self-employed": {"labour_status": "self_employed"},
    "aged 16": {"birth": date(2008, 1, 1)},
    "aged 24": {"birth": date(2000, 1, 1)},
    "aged 64": {"birth": date(1960, 1, 1)},
    "ISCED 2": {"isced": 2},
    "ISCED 4": {"isced": 4},
    "ISCED 5": {"isced": 5},
    "disability": {"disability": "yes"},
    "third-country national": {"third_country_national": "yes"},
    "foreign background": {"foreign_background": "yes"},
    "minority": {"minority": "yes"},
    "homeless": {"homeless": "yes"},
    "rural": {"rural": True},
    "left job searching": {"exit": EXIT, "exit_job_searching": "yes"},
    "left into training": {"exit": EXIT, "exit_education_training": "yes"},
    "left qualified": {"exit": EXIT, "exit_qualification": "yes"},
    "left employed": {"exit": EXIT, "exit_employed": "yes"},
    "employed six months on": {
        "exit": EXIT,
        "followup_6m_employed": "yes",
        "followup_6m_recorded_on": FOLLOWED_UP,
    },
    "employed at entry, better six months on": {
        "labour_status": "employed",
        "exit": EXIT,
        "followup_6m_better_situation": "yes",
        "followup_6m_recorded_on": FOLLOWED_UP,
    },
    "inactive at entry, better six months on": {
        "exit": EXIT,
        "followup_6m_better_situation": "yes",
        "followup_6m_recorded_on": FOLLOWED_UP,
    },
}
EVERYONE = set(CATEGORIES)
INACTIVE = EVERYONE - {
    "unemployed",
    "long-term unemployed",
    "employed",
    "self-employed",
    "employed at entry, better six months on",
}
#: Indicator name in the contract (lower case) → the categories it counts.
COUNTS = {
    "total number of participants": EVERYONE,
    "unemployed, including long-term unemployed": {"unemployed", "long-term unemployed"},
    "long-term unemployed": {"long-term unemployed"},
    "inactive": INACTIVE,
    "employed, including self-employed": {
        "employed",
        "self-employed",
        "employed at entry, better six months on",
    },
    "children below 18 years of age": {"aged 16"},
    "young people between 18 and 29 years of age": {"aged 24"},
    "participants of 55 years of age and above": {"aged 64"},
    "lower secondary education or less (isced 0–2)": {"ISCED 2"},
    "upper secondary or post-secondary education (isced 3–4)": {"ISCED 4"},
    "tertiary education (isced 5–8)": {"ISCED 5"},
    "participants with disabilities": {"disability"},
    "third-country nationals": {"third-country national"},
    "participants with a foreign background": {"foreign background"},
    "minorities (including marginalised communities such as roma)": {"minority"},
    "homeless or affected by housing exclusion": {"homeless"},
    "participants from rural areas": {"rural"},
    "engaged in job searching upon leaving": {"left job searching"},
    "in education or training upon leaving": {"left into training"},
    "gaining a qualification upon leaving": {"left qualified"},
    "in employment, including self-employment, upon leaving": {"left employed"},
    "in employment, including self-employment, six months after leaving": {
        "employed six months on"
    },
    "better labour market situation six months after leaving": {
        "employed at entry, better six months on"
    },
}


def counted_by_code() -> dict[str, set[str]]:
    """For every code of the report: the categories whose participant it counts."""
    counted = {code: set() for code in CODES}
    for name, fields in CATEGORIES.items():
        project = ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))
        fields = {"birth": date(1984, 1, 1), **fields}
        enter(project, entry=ENTRY, **fields)
        report = indicator_report(project=project, date_from=None, date_to=None)
        for code, figures in report.indicators.items():
            assert figures["total"] in (0, 1), (name, code)
            if figures["total"]:
                counted[code].add(name)
    return counted


def test_every_code_counts_what_the_contract_says_it_counts():
    contract = contract_codes()
    assert set(contract) == set(PARTICIPANT_CODES), "the report's codes are the contract's codes"
    counted = counted_by_code()
    for code, name in contract.items():
        indicator = name.strip().lower()
        assert indicator in COUNTS, f"{code}: the contract names {name!r}, unknown here"
        assert counted[code] == COUNTS[indicator], f"{code} ({name}) counts the wrong people"
        # The report's label is the contract's name for the code.
        assert str(INDICATOR_LABELS[code]).lower() == indicator, code


def test_the_entity_indicator_is_the_contracts_eeco19_with_only_a_total():
    """Section 2 defines EECO19 (supported SMEs) below the tables; section 3 puts it in
    `indicators` after EECR06, "with only `total`"."""
    path = contract_path()
    if not path.is_file():
        pytest.skip(f"The contract {path} is not there (shared/ is not beside the clone).")
    text = path.read_text(encoding="utf-8")
    definitions = text.split("## 2. Definitions", 1)[1].split("## 3.", 1)[0]
    report = " ".join(text.split("## 3.", 1)[1].split())
    assert "Entity indicator for the local economy field: EECO19" in definitions
    assert "EECO01–EECO17 and EECR01–EECR06, and EECO19 (with only `total`)" in report
    assert ENTITY_CODES == ("EECO19",)
    assert (*PARTICIPANT_CODES, "EECO19") == CODES
    label = str(INDICATOR_LABELS["EECO19"]).lower()
    assert "micro, small and medium-sized enterprises" in label
    assert label.endswith("supported")
    project = ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))
    enter(project, entry=ENTRY, labour_status="self_employed")  # a participant, no SME
    assert indicator_report(project=project, date_from=None, date_to=None).indicators["EECO19"] == {
        "total": 0
    }


def test_a_hand_built_group_has_a_known_figure_for_every_code():
    """Ten participants entering in 2024; the figures differ from code to code, so a
    shifted numbering cannot pass."""
    project = ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))
    people = [
        # (birth, labour status, unemployed since, ISCED)
        (date(2008, 3, 1), "unemployed", date(2023, 12, 1), 1),  # 16, long-term (6 m)
        (date(2000, 3, 1), "unemployed", date(2024, 5, 1), 2),  # 24
        (date(2000, 3, 1), "unemployed", date(2022, 1, 1), 2),  # 24, long-term
        (date(1999, 3, 1), "unemployed", date(2024, 2, 1), 0),  # 25
        (date(1998, 3, 1), "unemployed", date(2024, 1, 1), 3),  # 26
        (date(1960, 3, 1), "inactive", None, 2),  # 64
        (date(1962, 3, 1), "inactive", None, 2),  # 62
        (date(1980, 3, 1), "inactive", None, 4),  # 44
        (date(1969, 3, 1), "employed", None, 6),  # 55
        (date(1975, 3, 1), "self_employed", None, None),  # 49
    ]
    for birth, status, since, isced in people:
        enter(
            project,
            entry=ENTRY,
            birth=birth,
            labour_status=status,
            unemployed_since=since,
            isced=isced,
        )
    totals = {
        code: figures["total"]
        for code, figures in indicator_report(
            project=project, date_from=None, date_to=None
        ).indicators.items()
        if code.startswith("EECO")
    }
    assert totals == {
        "EECO01": 10,  # everyone
        "EECO02": 5,  # unemployed
        "EECO03": 2,  # long-term unemployed: the 16-year-old (6 months) and one of 24
        "EECO04": 3,  # inactive
        "EECO05": 2,  # employed or self-employed
        "EECO06": 1,  # below 18
        "EECO07": 4,  # 18 to 29
        "EECO08": 3,  # 55 and above
        "EECO09": 6,  # ISCED 0–2
        "EECO10": 2,  # ISCED 3–4
        "EECO11": 1,  # ISCED 5–8
        **dict.fromkeys([f"EECO{n}" for n in range(12, 18)], 0),
        "EECO19": 0,  # participants never make a supported SME
    }
