"""Ranked matches for the pages and the API: a case's open vacancies and offers, a
vacancy's people. The ranking is one SQL query (`scoring.rank_vacancies`,
`scoring.rank_cases`); the reasons are worded for the page's rows only, in a fixed
number of further queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case as CaseExpr
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case
from quartier.cases.selectors.cases import cases_visible_to
from quartier.economy.models import ReviewStatus, Vacancy, VacancySkill, VacancyStatus
from quartier.economy.selectors.vacancies import vacancies_visible_to
from quartier.matching.models import MatchSuggestion
from quartier.matching.selectors import scoring
from quartier.offers.models import OPEN_ENROLMENT_STATUSES, Enrolment, Offer
from quartier.offers.selectors.offers import offers_visible_to
from quartier.participants.models import Participant
from quartier.participants.selectors.consents import counselling_stopped

PAGE_SIZE = 50


@dataclass
class Match:
    """One ranked row: the vacancy, case or offer, its score and factors, and the
    suggestion stored for it (if staff acted on it)."""

    target: object
    score: Decimal
    factors: list
    suggestion: MatchSuggestion | None = None

    @property
    def max_score(self) -> int:
        return sum(factor.max_points for factor in self.factors)


def open_vacancies(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return queryset.filter(status=VacancyStatus.OPEN, review_status=ReviewStatus.CONFIRMED)


def matching_stopped(*, case: Case, today=None) -> bool:
    """Whether the case's participant withdrew their counselling consent (or it expired)
    and gave no new one: then nobody is suggested to them, nor they to anyone (one
    query). Someone whose counselling consent is not recorded yet is matched; the case
    page asks for the consent."""
    return (
        Participant.objects.filter(pk=case.participant_id)
        .filter(counselling_stopped(OuterRef("pk"), day=_today(today)))
        .exists()
    )


def vacancy_get(*, user, pk: int) -> Vacancy:
    """A vacancy the user may see, or 404."""
    return get_object_or_404(
        vacancies_visible_to(user).select_related("project", "organisation", "employer"), pk=pk
    )


def open_cases_of_project(*, user, project_id: int) -> QuerySet[Case]:
    """The open cases of a project the user may see. The participant's project is the
    case's (the services keep them equal); saying so lets the database read only the
    project's participants instead of all of them."""
    return cases_visible_to(user).filter(
        project_id=project_id, participant__project_id=project_id, exit_date__isnull=True
    )


def matchable_cases_of_project(*, user, project_id: int, today) -> QuerySet[Case]:
    """The open cases of the project the user may see, without those whose counselling
    consent was withdrawn or has expired (`matching_stopped`); a condition of the
    ranking query, not a query of its own."""
    return open_cases_of_project(user=user, project_id=project_id).exclude(
        counselling_stopped(OuterRef("participant_id"), day=today)
    )


def case_for_participant(*, user, participant_pk: int) -> Case:
    """The case of a participant the user may see, or 404."""
    return get_object_or_404(
        cases_visible_to(user).select_related(
            "participant", "participant__district", "project", "organisation"
        ),
        participant_id=participant_pk,
    )


@dataclass
class OffsetPage:
    """A window of `limit` rows from `offset` (the API's pagination)."""

    paginator: Paginator
    object_list: list


def _paginate(queryset, page_number, per_page, offset=None, *, base) -> Page | OffsetPage:
    """A page by number (the pages), or by offset (the API). The number of rows is
    counted on `base`, the unranked queryset (counting the ranked one would compute
    every score once more)."""
    paginator = Paginator(queryset, per_page)
    paginator.count = base.count()  # cached_property: set before the paginator counts
    if offset is None:
        return paginator.get_page(page_number)
    return OffsetPage(paginator, list(queryset[offset : offset + per_page]))


def _load(page, queryset) -> list:
    """The page's records in its order, each with its `m_score`. The ranking query
    returns only ids and scores (narrow rows sort faster); the page's few records are
    then read in one query."""
    pairs = list(page.object_list)
    records = queryset.in_bulk([pk for pk, _score in pairs])
    rows = []
    for pk, score in pairs:
        record = records[pk]
        record.m_score = score
        rows.append(record)
    return rows


def _today(today):
    return today or timezone.localdate()


def vacancy_matches_for_case(
    *, user, case: Case, page_number=1, per_page: int = PAGE_SIZE, offset=None, today=None
) -> tuple[Page | OffsetPage, list[Match]]:
    """The open, confirmed vacancies of the case's project the user may see, best first;
    the page's rows with their factors and stored suggestions."""
    today = _today(today)
    weights = scoring.weights_for(case.project_id)
    person = scoring.person_of(case)
    vacancies = open_vacancies(vacancies_visible_to(user).filter(project_id=case.project_id))
    # None for a person whose counselling consent was withdrawn: a condition in the
    # ranking query (no query of its own).
    vacancies = vacancies.exclude(counselling_stopped(case.participant_id, day=today))
    ranked = scoring.rank_vacancies(vacancies, person=person, weights=weights, today=today)
    page = _paginate(
        ranked.values_list("pk", "m_score"), page_number, per_page, offset, base=vacancies
    )
    rows = _load(page, Vacancy.objects.select_related("employer"))
    needs: dict[int, list] = {row.pk: [] for row in rows}
    for need in VacancySkill.objects.filter(vacancy_id__in=list(needs)):
        needs[need.vacancy_id].append(need)
    suggestions = {
        s.vacancy_id: s
        for s in MatchSuggestion.objects.filter(case=case, vacancy_id__in=list(needs))
    }
    matches = []
    for row in rows:
        explanation = scoring.explain(person, scoring.job_of(row, needs[row.pk]), weights, today)
        matches.append(
            Match(row, scoring.sql_score(row), explanation.factors, suggestions.get(row.pk))
        )
    return page, matches


def case_matches_for_vacancy(
    *, user, vacancy: Vacancy, page_number=1, per_page: int = PAGE_SIZE, offset=None, today=None
) -> tuple[Page | OffsetPage, list[Match]]:
    """The open cases of the vacancy's project the user may see, best first; the page's
    rows with their factors and stored suggestions."""
    today = _today(today)
    weights = scoring.weights_for(vacancy.project_id)
    job = scoring.job_of(vacancy)
    cases = matchable_cases_of_project(user=user, project_id=vacancy.project_id, today=today)
    ranked = scoring.rank_cases(cases, job=job, weights=weights, today=today)
    page = _paginate(ranked.values_list("pk", "m_score"), page_number, per_page, offset, base=cases)
    rows = _load(page, Case.objects.select_related("participant", "participant__district"))
    persons = scoring.persons_of(rows)
    suggestions = {
        s.case_id: s
        for s in MatchSuggestion.objects.filter(vacancy=vacancy, case_id__in=[r.pk for r in rows])
    }
    matches = []
    for row in rows:
        explanation = scoring.explain(persons[row.pk], job, weights, today)
        matches.append(
            Match(row, scoring.sql_score(row), explanation.factors, suggestions.get(row.pk))
        )
    return page, matches


# Offers ---------------------------------------------------------------------------------


def rank_offers(offers: QuerySet[Offer], *, person: scoring.Person, weights: scoring.Weights):
    """Offers by two factors of the score: the occupational field (a field of interest
    or, for someone without one, any field counts half) and the hours (part-time
    suitable or with childcare for someone who needs it). Distance and skills are not
    scored for offers (their places are many, their skills unlisted)."""
    w = weights.centi
    if person.fields:
        field_expr = CaseExpr(
            When(occupational_field__in=sorted(person.fields), then=Value(w("occupational_field"))),
            default=Value(0),
            output_field=IntegerField(),
        )
    else:
        field_expr = CaseExpr(
            When(~Q(occupational_field=""), then=Value(w("occupational_field") // 2)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if person.needs_part_time:
        hours_expr = CaseExpr(
            When(Q(part_time_suitable=True) | Q(childcare_available=True), then=Value(w("hours"))),
            default=Value(0),
            output_field=IntegerField(),
        )
    else:
        hours_expr = Value(w("hours"), output_field=IntegerField())
    return (
        offers.annotate(m_occupational_field=field_expr, m_hours=hours_expr)
        .annotate(m_score=field_expr + hours_expr)
        .order_by("-m_score", "title", "pk")
    )


def _offer_factors(offer, person, weights) -> list[scoring.Factor]:
    field_label = scoring._field_label(offer.occupational_field) if offer.occupational_field else ""
    if not offer.occupational_field:
        field_reason = _("no occupational field given")
    elif offer.occupational_field in person.fields:
        field_reason = _("field of interest: %(field)s") % {"field": field_label}
    elif person.fields:
        field_reason = _("another field (%(field)s)") % {"field": field_label}
    else:
        field_reason = _("field of interest unknown: %(field)s to try") % {"field": field_label}
    if not person.needs_part_time:
        hours_reason = _("no restriction on working hours")
    elif offer.m_hours:
        hours_reason = _("suitable part-time or with childcare")
    else:
        hours_reason = _("neither part-time nor with childcare")
    return [
        scoring.Factor(
            "occupational_field",
            scoring._points(offer.m_occupational_field),
            weights.occupational_field,
            field_reason,
        ),
        scoring.Factor("hours", scoring._points(offer.m_hours), weights.hours, hours_reason),
    ]


def offer_matches_for_case(*, user, case: Case, limit: int = 10, today=None) -> list[Match]:
    """The best active offers of the case's project the case does not already take part
    in or wait for; none once the counselling consent was withdrawn."""
    today = _today(today)
    weights = scoring.weights_for(case.project_id)
    person = scoring.person_of(case)
    offers = offers_visible_to(user).filter(project_id=case.project_id, active=True)
    offers = offers.exclude(counselling_stopped(case.participant_id, day=today))
    offers = offers.exclude(
        Exists(
            Enrolment.objects.filter(
                offer=OuterRef("pk"), case=case, status__in=OPEN_ENROLMENT_STATUSES
            )
        )
    )
    rows = list(rank_offers(offers, person=person, weights=weights)[:limit])
    suggestions = {
        s.offer_id: s
        for s in MatchSuggestion.objects.filter(case=case, offer_id__in=[r.pk for r in rows])
    }
    return [
        Match(
            row,
            scoring._points(row.m_score),
            _offer_factors(row, person, weights),
            suggestions.get(row.pk),
        )
        for row in rows
    ]
