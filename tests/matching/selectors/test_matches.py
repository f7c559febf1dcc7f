"""A participant whose counselling consent was withdrawn (or has expired, with no new
one) is matched in neither direction, pages nor API; one without a recorded consent
yet still is. The ranking stays one query."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.matching import services
from quartier.matching.models import MatchSuggestion
from quartier.matching.selectors.matches import (
    case_matches_for_vacancy,
    matching_stopped,
    offer_matches_for_case,
    vacancy_matches_for_case,
)
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def _withdraw(case, **fields):
    return ConsentFactory(
        participant=case.participant,
        given_on=date(2025, 3, 1),
        withdrawn_on=fields.pop("withdrawn_on", date(2026, 6, 1)),
        **fields,
    )


def test_without_a_recorded_consent_the_person_is_still_matched(mw):
    assert not matching_stopped(case=mw.case, today=TODAY)
    _page, matches = case_matches_for_vacancy(user=mw.coach, vacancy=mw.near, today=TODAY)
    assert mw.case.pk in [m.target.pk for m in matches]


def test_a_withdrawn_counselling_consent_stops_both_directions(mw):
    _withdraw(mw.case)
    assert matching_stopped(case=mw.case, today=TODAY)
    page, matches = vacancy_matches_for_case(user=mw.coach, case=mw.case, today=TODAY)
    assert matches == []
    assert page.paginator.count == 0
    _page, people = case_matches_for_vacancy(user=mw.coach, vacancy=mw.near, today=TODAY)
    assert mw.case.pk not in [m.target.pk for m in people]
    assert offer_matches_for_case(user=mw.coach, case=mw.case, today=TODAY) == []


def test_an_expired_consent_stops_a_new_one_starts_again(mw):
    ConsentFactory(participant=mw.case.participant, valid_until=date(2026, 1, 1))
    assert matching_stopped(case=mw.case, today=TODAY)
    ConsentFactory(participant=mw.case.participant, given_on=date(2026, 2, 1))
    assert not matching_stopped(case=mw.case, today=TODAY)


def test_a_withdrawal_of_another_purpose_does_not_stop_matching(mw):
    _withdraw(mw.case, purpose="photos")
    assert not matching_stopped(case=mw.case, today=TODAY)


def test_the_ranking_stays_one_query(mw):
    _withdraw(mw.partner_case)
    with CaptureQueriesContext(connection) as before:
        case_matches_for_vacancy(user=mw.coach, vacancy=mw.near, today=TODAY)
    ranking = [q["sql"] for q in before.captured_queries if "m_score" in q["sql"].lower()]
    assert len(ranking) <= 1


def test_no_new_suggestion_is_stored(mw):
    _withdraw(mw.case, withdrawn_on=date(2025, 6, 1))
    with pytest.raises(ValidationError, match="withdrawn their consent to counselling"):
        services.suggestion_decide(
            actor=mw.coach, case=mw.case, decision="proposed", vacancy=mw.near
        )
    assert not MatchSuggestion.objects.exists()


def test_the_page_and_the_api_say_nothing_is_suggested(mw, login, client, api_as):
    _withdraw(mw.case, withdrawn_on=date(2025, 6, 1))
    login(mw.coach)
    page = client.get(reverse("matching:case_matches", args=[mw.case.pk])).content.decode()
    assert 'id="matching-stopped"' in page
    api = api_as(mw.coach)
    mine = api.get(f"/api/v1/participants/{mw.case.participant_id}/vacancy-matches").json()
    assert mine["count"] == 0
    theirs = api.get(f"/api/v1/vacancies/{mw.near.pk}/participant-matches").json()
    assert mw.case.participant_id not in [item["participant"] for item in theirs["items"]]
