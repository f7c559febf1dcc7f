"""The matching API: ranked vacancies for a participant, ranked participants for a
vacancy, each item with its score and reasons (the same selectors as the pages).

A participant or vacancy the token's user may not see is a 404; one they see but may
not match for is a 403. Nothing is decided or sent by these endpoints."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from quartier.api.schemas import ErrorOut
from quartier.cases.models import Case
from quartier.matching.selectors import matches as match_selectors
from quartier.privacy.services.access_log import access_log_record

router = Router(tags=["matching"])

MAX_LIMIT = 100


class ReasonOut(Schema):
    factor: str
    points: Decimal
    max_points: int
    reason: str


class VacancyMatchOut(Schema):
    vacancy: int
    title: str
    employer: str | None
    score: Decimal
    max_score: int
    reasons: list[ReasonOut]
    decision: str | None


class ParticipantMatchOut(Schema):
    participant: int
    case: int
    name: str
    external_id: str
    stage: str
    score: Decimal
    max_score: int
    reasons: list[ReasonOut]
    decision: str | None


class VacancyMatchPage(Schema):
    count: int
    items: list[VacancyMatchOut]


class ParticipantMatchPage(Schema):
    count: int
    items: list[ParticipantMatchOut]


class PageIn(Schema):
    """Limit and offset, as the API's other lists (`quartier.api.schemas.Pagination`)."""

    limit: int = SchemaField(50, ge=1, le=MAX_LIMIT)
    offset: int = SchemaField(0, ge=0, le=1_000_000)


def _reasons(match) -> list[dict]:
    return [
        {
            "factor": f.factor,
            "points": f.points,
            "max_points": f.max_points,
            "reason": f.reason,
        }
        for f in match.factors
    ]


@router.get(
    "/participants/{int:participant_id}/vacancy-matches",
    response={200: VacancyMatchPage, 403: ErrorOut, 404: ErrorOut},
    operation_id="quartier_matching_api_participant_vacancy_matches",
    url_name="participant_vacancy_matches",
)
def participant_vacancy_matches(request, participant_id: int, paging: Query[PageIn]):
    """The open, confirmed vacancies of the participant's project the user may see,
    best first, each with its score and the reasons per factor."""
    case = match_selectors.case_for_participant(user=request.auth, participant_pk=participant_id)
    if not request.auth.has_perm("matching.view_matches", case):
        raise PermissionDenied
    page, matches = match_selectors.vacancy_matches_for_case(
        user=request.auth, case=case, offset=paging.offset, per_page=paging.limit
    )
    access_log_record(actor=request.auth, action="view", record=case, detail="matching (API)")
    return {
        "count": page.paginator.count,
        "items": [
            {
                "vacancy": m.target.pk,
                "title": m.target.title,
                "employer": m.target.employer.name if m.target.employer else None,
                "score": m.score,
                "max_score": m.max_score,
                "reasons": _reasons(m),
                "decision": m.suggestion.decision if m.suggestion else None,
            }
            for m in matches
        ],
    }


@router.get(
    "/vacancies/{int:vacancy_id}/participant-matches",
    response={200: ParticipantMatchPage, 403: ErrorOut, 404: ErrorOut},
    operation_id="quartier_matching_api_vacancy_participant_matches",
    url_name="vacancy_participant_matches",
)
def vacancy_participant_matches(request, vacancy_id: int, paging: Query[PageIn]):
    """The open cases of the vacancy's project whose participants the user may see,
    best first, each with its score and the reasons per factor."""
    vacancy = match_selectors.vacancy_get(user=request.auth, pk=vacancy_id)
    if not request.auth.has_perm("matching.view_vacancy_matches", vacancy):
        raise PermissionDenied
    page, matches = match_selectors.case_matches_for_vacancy(
        user=request.auth, vacancy=vacancy, offset=paging.offset, per_page=paging.limit
    )
    access_log_record(
        actor=request.auth,
        action="view",
        record=Case,
        project_id=vacancy.project_id,
        detail=f"matching for vacancy {vacancy.pk} (API), {len(matches)} rows",
    )
    return {
        "count": page.paginator.count,
        "items": [
            {
                "participant": m.target.participant_id,
                "case": m.target.pk,
                "name": m.target.participant.full_name,
                "external_id": m.target.participant.external_id,
                "stage": m.target.stage,
                "score": m.score,
                "max_score": m.max_score,
                "reasons": _reasons(m),
                "decision": m.suggestion.decision if m.suggestion else None,
            }
            for m in matches
        ],
    }
