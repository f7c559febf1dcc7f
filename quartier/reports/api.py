"""API endpoint of the reports app: a project's ESF Plus indicators (INDICATORS.md section 3)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from quartier.api.schemas import ErrorOut, FilterSchema, Text
from quartier.core.selectors import projects_visible_to
from quartier.reports.indicators import (
    EXACT,
    indicator_access,
    indicator_report,
    parse_period,
)

router = Router(tags=["indicators"])

#: A count, or for evaluators "<5" in place of 1 to 4 (threshold configurable).
Figure = int | str


class ByGender(Schema):
    total: Figure
    women: Figure
    men: Figure
    non_binary: Figure
    not_stated: Figure


class TotalOnly(Schema):
    total: Figure = Field(description="An entity indicator (EECO19) has no gender breakdown.")


class FollowupOut(Schema):
    leavers: Figure = Field(description="Participants whose exit lies in the period.")
    with_data: Figure = Field(
        description="Leavers whose six-month follow-up 'employed' is yes or no."
    )


class ProgrammeIndicatorsOut(Schema):
    HF1: ByGender = Field(
        description=(
            "BIWAQ HF1: leavers in the period whose support needs total fell between their "
            "first and their last assessment (see docs/indicators.md)."
        )
    )


class IndicatorsOut(Schema):
    project: str
    date_from: str | None = Field(
        alias="from",
        description=(
            "First day counted (YYYY-MM-DD), within the project's funded period; "
            "null = open (the funded period's start)."
        ),
    )
    date_to: str | None = Field(
        alias="to",
        description=(
            "Last day counted (YYYY-MM-DD), within the project's funded period; "
            "null = open (the funded period's end)."
        ),
    )
    indicators: dict[str, ByGender | TotalOnly] = Field(
        description=(
            "EECO01–EECO17 (entries in the period) and EECR01–EECR06 (exits in it), by "
            "gender; EECO19 (micro, small and medium-sized enterprises supported in the "
            "period, each once) with only `total`."
        )
    )
    followup_6m: FollowupOut
    programme_indicators: ProgrammeIndicatorsOut


class PeriodQuery(FilterSchema):
    date_from: str | None = Field(
        None, alias="from", description="First day, YYYY-MM-DD, inclusive; empty = open."
    )
    date_to: str | None = Field(
        None, alias="to", description="Last day, YYYY-MM-DD, inclusive; empty = open."
    )


@router.get(
    "/projects/{slug}/indicators",
    url_name="project_indicators",
    response={200: IndicatorsOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    by_alias=True,
    summary="ESF Plus common indicators of a project",
    description=(
        "The JSON of INDICATORS.md section 3 for the period `from`–`to` (both inclusive, "
        "either may be left out), cut to the project's funded period (nothing before its "
        "start or after its end counts), plus `programme_indicators` (BIWAQ HF1). "
        "EECR05 and EECR06 count a six-month follow-up only when it was recorded from "
        "exit + 6 calendar months on. Project leads, "
        "case workers and job coaches of the project (and platform admins) get exact counts; "
        "evaluators get counts from 1 to 4 as the string `<5` (small-cell suppression). "
        "Other roles: 403; a project the token's user is not a member of: 404; a malformed "
        "date or an end before the start: 422. EECO19 counts the project's SMEs (size "
        "declared on the support's day) that received a company-aimed employer service "
        "or attended an event that supports companies in the period."
    ),
)
@router.get(
    "/projects/{slug}/indicators/",
    url_name="project_indicators_slash",
    response={200: IndicatorsOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    by_alias=True,
    include_in_schema=False,
)
def project_indicators(request, slug: Text, period: Query[PeriodQuery]):
    project = get_object_or_404(projects_visible_to(request.auth), slug=slug)
    access = indicator_access(user=request.auth, project=project)
    if access is None:
        raise PermissionDenied
    date_from, date_to = parse_period(period.date_from, period.date_to)
    report = indicator_report(project=project, date_from=date_from, date_to=date_to)
    if access != EXACT:
        report = report.suppressed()
    return report.as_json()
