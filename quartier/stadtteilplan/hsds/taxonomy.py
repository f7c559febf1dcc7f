"""Quartier's own classifications as HSDS taxonomies.

Four small fixed taxonomies, taken from the code, not from the database: the kinds of
offer (`OfferKind`), the occupational fields (`OccupationalField`), the target groups
(`TargetGroup`) and the practical features the public map filters on (free of
charge, wheelchair accessible, childcare, part-time). Every term id is a UUID
derived from the taxonomy's name and the term's code, so it never changes.

Each term knows how to narrow a queryset of offers to those it applies to
(`offers_with`), and `terms_of(offer)` lists the terms an offer carries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.offers.models import OccupationalField, Offer, OfferKind
from quartier.participants.models import TargetGroup
from quartier.stadtteilplan.hsds import identifiers

KIND = "offer_kind"
FIELD = "occupational_field"
TARGET_GROUP = "target_group"
FEATURE = "offer_feature"


@dataclass(frozen=True)
class Taxonomy:
    name: str
    title: Promise
    description: Promise

    @property
    def id(self) -> str:
        return identifiers.taxonomy_id(self.name)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    label: Promise

    @property
    def id(self) -> str:
        return identifiers.taxonomy_term_id(self.taxonomy.name, self.code)


TAXONOMIES = (
    Taxonomy(
        KIND,
        _("Kinds of offer"),
        _("What an offer is: a qualification module, course, workshop, counselling hour…"),
    ),
    Taxonomy(
        FIELD,
        _("Occupational fields"),
        _("The occupational fields an offer qualifies for."),
    ),
    Taxonomy(TARGET_GROUP, _("Target groups"), _("The people an offer is meant for.")),
    Taxonomy(
        FEATURE,
        _("Features of the offer"),
        _("Free of charge, wheelchair accessible, childcare, suitable part-time."),
    ),
)
_BY_NAME = {taxonomy.name: taxonomy for taxonomy in TAXONOMIES}

#: The features: code → (label, the condition on an offer, the test of one offer).
_FEATURES: dict[str, tuple[Promise, Q, Callable[[Offer], bool]]] = {
    "free_of_charge": (_("free of charge"), Q(cost=0), lambda offer: not offer.cost),
    "wheelchair_accessible": (
        _("wheelchair accessible"),
        Q(accessible=True),
        lambda offer: offer.accessible,
    ),
    "childcare_available": (
        _("childcare available"),
        Q(childcare_available=True),
        lambda offer: offer.childcare_available,
    ),
    "part_time_suitable": (
        _("suitable part-time"),
        Q(part_time_suitable=True),
        lambda offer: offer.part_time_suitable,
    ),
}


def _terms() -> tuple[Term, ...]:
    choices = {KIND: OfferKind, FIELD: OccupationalField, TARGET_GROUP: TargetGroup}
    terms = [
        Term(_BY_NAME[name], code, label)
        for name, enum in choices.items()
        for code, label in zip(enum.values, enum.labels, strict=True)
    ]
    terms += [Term(_BY_NAME[FEATURE], code, label) for code, (label, *_rest) in _FEATURES.items()]
    return tuple(terms)


TERMS = _terms()
_TERM_BY_ID = {term.id: term for term in TERMS}
_TERM_BY_CODE = {(term.taxonomy.name, term.code): term for term in TERMS}
_TAXONOMY_BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}


def taxonomy_by_id(value) -> Taxonomy | None:
    return _TAXONOMY_BY_ID.get(str(value))


def term_by_id(value) -> Term | None:
    return _TERM_BY_ID.get(str(value))


def terms_in(taxonomy: Taxonomy) -> list[Term]:
    return [term for term in TERMS if term.taxonomy == taxonomy]


def terms_of(offer: Offer) -> list[Term]:
    """The terms an offer carries, in taxonomy order."""
    found = [_TERM_BY_CODE.get((KIND, offer.kind))]
    if offer.occupational_field:
        found.append(_TERM_BY_CODE.get((FIELD, offer.occupational_field)))
    groups = set(offer.target_groups or [])
    found += [term for term in terms_in(_BY_NAME[TARGET_GROUP]) if term.code in groups]
    found += [
        _TERM_BY_CODE[(FEATURE, code)] for code, (*_rest, test) in _FEATURES.items() if test(offer)
    ]
    return [term for term in found if term is not None]


def _condition(term: Term) -> Q:
    name = term.taxonomy.name
    if name == KIND:
        return Q(kind=term.code)
    if name == FIELD:
        return Q(occupational_field=term.code)
    if name == TARGET_GROUP:
        # The JSON list as text holds the quoted code: the same on SQLite and PostgreSQL.
        return Q(hsds_target_groups_text__contains=f'"{term.code}"')
    return _FEATURES[term.code][1]


def _prepared(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.annotate(hsds_target_groups_text=Cast("target_groups", TextField()))


def offers_with(offers: QuerySet[Offer], term: Term) -> QuerySet[Offer]:
    """The offers that carry `term`."""
    return _prepared(offers).filter(_condition(term))


def offers_in(offers: QuerySet[Offer], taxonomy: Taxonomy) -> QuerySet[Offer]:
    """The offers that carry any term of `taxonomy`."""
    condition = Q(pk__in=[])
    for term in terms_in(taxonomy):
        condition |= _condition(term)
    return _prepared(offers).filter(condition)
