"""Hand-made participants for the indicator tests: one case each, every field named."""

from datetime import date

from quartier.cases.models import Assessment, Case
from quartier.core.models import Project
from tests.factories import CaseFactory

#: Participant.gender → the report's column.
COLUMN = {"female": "women", "male": "men", "non_binary": "non_binary", "not_stated": "not_stated"}
ZERO = {"total": 0, "women": 0, "men": 0, "non_binary": 0, "not_stated": 0}


def enter(
    project: Project,
    *,
    entry: date,
    birth: date = date(1990, 5, 17),
    gender: str = "female",
    labour_status: str = "inactive",
    unemployed_since: date | None = None,
    exit: date | None = None,
    **fields,
) -> Case:
    """A participant of `project` entering on `entry`. Participant fields (isced,
    disability, …) and case fields (exit_employed, followup_6m_employed, …) go by name;
    leaving sets every exit answer to "no" unless given."""
    case_fields = {
        name: fields.pop(name)
        for name in list(fields)
        if name.startswith(("exit_", "followup_6m_"))
    }
    if exit is not None:
        for name in (
            "exit_job_searching",
            "exit_education_training",
            "exit_qualification",
            "exit_employed",
        ):
            case_fields.setdefault(name, "no")
    return CaseFactory(
        participant__project=project,
        participant__birth_date=birth,
        participant__gender=gender,
        participant__labour_status=labour_status,
        participant__unemployed_since=unemployed_since,
        entry_date=entry,
        exit_date=exit,
        stage="exited" if exit else "profiling",
        **{f"participant__{name}": value for name, value in fields.items()},
        **case_fields,
    )


def assess(case: Case, day: date, total: int) -> Assessment:
    """An assessment whose support needs add up to `total` (0–30), spread over the domains."""
    needs = {}
    for field in (
        "need_language",
        "need_childcare",
        "need_health",
        "need_debts",
        "need_housing",
        "need_mobility",
        "need_digital",
        "need_residence",
        "need_stability",
        "need_basic_skills",
    ):
        needs[field] = min(3, total)
        total -= needs[field]
    assert total == 0, "a total above 30 cannot be rated"
    return Assessment.objects.create(case=case, date=day, **needs)


def by_gender(*genders: str) -> dict[str, int]:
    """The expected figures for participants of these genders (one entry each)."""
    figures = dict(ZERO)
    for gender in genders:
        figures[COLUMN[gender]] += 1
        figures["total"] += 1
    return figures
