"""Storing decisions and weights: permissions, one row per pair, the factors kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.matching import services
from quartier.matching.models import ALGORITHM_VERSION, MatchSuggestion
from tests.offers.factories import OfferFactory


def test_decide_keeps_factors_and_version(mw):
    suggestion = services.suggestion_decide(
        actor=mw.coach, case=mw.case, decision="contacted", vacancy=mw.near
    )
    assert suggestion.algorithm_version == ALGORITHM_VERSION
    assert sum(float(f["points"]) for f in suggestion.factors) == float(suggestion.score)
    again = services.suggestion_decide(
        actor=mw.coach, case=mw.case, decision="proposed", vacancy=mw.near
    )
    assert again.pk == suggestion.pk
    assert MatchSuggestion.objects.count() == 1


def test_partner_case_and_other_project_are_refused(mw, world):
    with pytest.raises(PermissionDenied):
        services.suggestion_decide(
            actor=mw.coach, case=mw.partner_case, decision="proposed", vacancy=mw.near
        )
    with pytest.raises(ValidationError):
        services.suggestion_decide(
            actor=mw.coach, case=mw.case, decision="proposed", vacancy=mw.foreign
        )
    with pytest.raises(ValidationError):
        services.suggestion_decide(actor=mw.coach, case=mw.case, decision="open", vacancy=mw.near)
    assert not MatchSuggestion.objects.exists()


def test_offer_suggestion(mw, world):
    offer = OfferFactory(project=world.project, organisation=world.org_a, active=True)
    suggestion = services.suggestion_decide(
        actor=mw.coach, case=mw.case, decision="proposed", offer=offer
    )
    assert suggestion.offer == offer
    assert suggestion.factors


def test_weights_update_needs_the_lead_and_a_fresh_version(mw, world):
    lead = world.member(Role.PROJECT_LEAD)
    with pytest.raises(PermissionDenied):
        services.weights_update(
            actor=mw.coach, project=world.project, data={"skills": 1}, expected_version=None
        )
    weights = services.weights_update(
        actor=lead, project=world.project, data={"skills": 40}, expected_version=None
    )
    assert weights.skills == 40
    services.weights_update(
        actor=lead, project=world.project, data={"skills": 30}, expected_version=weights.version
    )
    with pytest.raises(ConcurrentEditError):
        services.weights_update(
            actor=lead, project=world.project, data={"skills": 20}, expected_version=weights.version
        )
