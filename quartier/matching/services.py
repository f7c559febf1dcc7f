"""Writes of matching: storing a suggestion staff acted on, with its decision, and a
project's weights.

Nothing here runs on its own: a suggestion is stored only when a staff member decides
on it (GDPR Art. 22: the score helps people decide, it decides nothing)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case
from quartier.core.services import save_versioned
from quartier.matching.models import ALGORITHM_VERSION, Decision, MatchSuggestion, MatchWeights
from quartier.matching.selectors import scoring
from quartier.matching.selectors.matches import matching_stopped, offer_matches_for_case

DECISIONS = (Decision.PROPOSED, Decision.CONTACTED, Decision.DISMISSED)


def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _factors_for(*, actor, case: Case, vacancy=None, offer=None) -> tuple:
    """The score and factors of the pair as they are now."""
    if vacancy is not None:
        weights = scoring.weights_for(case.project_id)
        explanation = scoring.explain(
            scoring.person_of(case), scoring.job_of(vacancy), weights, timezone.localdate()
        )
        return explanation.score, explanation.as_json()
    for match in offer_matches_for_case(user=actor, case=case, limit=1000):
        if match.target.pk == offer.pk:
            factors = [
                {
                    "factor": f.factor,
                    "points": str(f.points),
                    "max_points": f.max_points,
                    "reason": f.reason,
                }
                for f in match.factors
            ]
            return match.score, factors
    raise ValidationError(_("This offer cannot be suggested for the case."))


@transaction.atomic
def suggestion_decide(
    *, actor, case: Case, decision: str, reason: str = "", vacancy=None, offer=None
) -> MatchSuggestion:
    """Store staff's decision on a suggested vacancy or offer for a case, with the
    factors as computed now and the algorithm version. Deciding again updates the same
    row (a second submit of the same form changes nothing but the time)."""
    _require(actor, "matching.decide", case)
    if (vacancy is None) == (offer is None):
        raise ValidationError(_("A suggestion is for a vacancy or for an offer."))
    target = vacancy or offer
    if target.project_id != case.project_id:
        raise ValidationError(_("The vacancy or offer belongs to another project."))
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose a decision.")})
    if matching_stopped(case=case):
        raise ValidationError(
            _(
                "The person has withdrawn their consent to counselling (or it has expired): "
                "no vacancies or offers are suggested for them any more."
            )
        )
    reason = (reason or "").strip()
    if decision == Decision.DISMISSED and not reason:
        raise ValidationError({"reason": _("Say why the suggestion is dismissed.")})
    score, factors = _factors_for(actor=actor, case=case, vacancy=vacancy, offer=offer)
    lookup = {"case": case, "vacancy": vacancy} if vacancy else {"case": case, "offer": offer}
    values = {
        "score": score,
        "factors": factors,
        "algorithm_version": ALGORITHM_VERSION,
        "decision": decision,
        "reason": reason,
        "decided_by": actor,
        "decided_at": timezone.now(),
    }
    suggestion = MatchSuggestion.objects.select_for_update().filter(**lookup).first()
    if suggestion is None:
        suggestion = MatchSuggestion(**lookup, created_by=actor, **values)
        suggestion.full_clean()
        try:
            with transaction.atomic():
                suggestion.save()
            return suggestion
        except IntegrityError:
            # A second submit got there first: update its row instead.
            suggestion = MatchSuggestion.objects.select_for_update().get(**lookup)
    for name, value in values.items():
        setattr(suggestion, name, value)
    suggestion.full_clean()
    suggestion.save()
    return suggestion


WEIGHT_FIELDS = (*scoring.FACTORS, "max_distance_km")


@transaction.atomic
def weights_update(*, actor, project, data: dict, expected_version: int | None) -> MatchWeights:
    """Save the project's weights (created with the defaults on first save)."""
    _require(actor, "matching.change_weights", project)
    weights, created = MatchWeights.objects.get_or_create(
        project=project, defaults={"created_by": actor}
    )
    for name in WEIGHT_FIELDS:
        if name in data:
            setattr(weights, name, data[name])
    if created:
        weights.full_clean()
        weights.save()
        return weights
    save_versioned(weights, expected_version=expected_version)
    return weights


@transaction.atomic
def postcode_areas_load(rows) -> tuple[int, int]:
    """Insert or update the postcode centres of `rows` (`postcodes.PostcodeRow`); a
    second load of the same file changes nothing. Returns (created, updated)."""
    from quartier.matching.models import PostcodeArea

    existing = {
        area.postcode: area
        for area in PostcodeArea.objects.filter(postcode__in=[row.postcode for row in rows])
    }
    created = [
        PostcodeArea(
            postcode=row.postcode, name=row.name, latitude=row.latitude, longitude=row.longitude
        )
        for row in rows
        if row.postcode not in existing
    ]
    changed = []
    for row in rows:
        area = existing.get(row.postcode)
        if area is None:
            continue
        if (area.name, area.latitude, area.longitude) != (row.name, row.latitude, row.longitude):
            area.name, area.latitude, area.longitude = row.name, row.latitude, row.longitude
            changed.append(area)
    PostcodeArea.objects.bulk_create(created, batch_size=1000)
    PostcodeArea.objects.bulk_update(changed, ["name", "latitude", "longitude"], batch_size=1000)
    return len(created), len(changed)
