"""The district profile: a district's statistics beside the project's reach there and
its offers with a place in the district."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.selectors.cases import CASE_LIST_TARGET_GROUPS, _target_group_condition
from quartier.core.models import District, DistrictStatistic, Project
from quartier.participants.models import TargetGroup
from quartier.reports.indicators.unemployment import entry_aliases
from quartier.reports.selectors.dashboard import OfferFill, offers_with_fill
from quartier.reports.selectors.scope import ReportScope


def project_district(*, project: Project, slug: str) -> District:
    """One of the project's districts with its statistics, newest first; raises
    District.DoesNotExist for any other slug."""
    from django.db.models import Prefetch

    return project.districts.prefetch_related(
        Prefetch("statistics", queryset=DistrictStatistic.objects.order_by("-reference_date"))
    ).get(slug=slug)


@dataclass(frozen=True)
class ReachRow:
    group: str
    label: str
    count: int
    per_thousand: Decimal | None


@dataclass(frozen=True)
class DistrictProfile:
    district: District
    statistic: DistrictStatistic | None
    earlier: list[DistrictStatistic]
    participants: int
    per_thousand: Decimal | None
    reach: list[ReachRow]
    offers: OfferFill


def _per_thousand(count: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(count) * 1000 / Decimal(population)).quantize(Decimal("0.1"))


#: The target groups of the reach table: those the case list derives from the entry data
#: (the same definitions, from `cases.selectors`); women are counted beside them.
REACH_GROUPS = CASE_LIST_TARGET_GROUPS


def district_profile(scope: ReportScope) -> DistrictProfile:
    """The district's statistics (newest beside the city's, earlier dates listed), the
    project's reach there (participants taking part in the period who live in the
    district, per 1,000 inhabitants, in total and by target group) and its offers
    with a place in the district."""
    district = scope.district
    statistics = list(district.statistics.all())
    statistic = statistics[0] if statistics else None
    population = statistic.population_district if statistic else None
    groups = {group: _target_group_condition(group) or Q(pk__in=[]) for group in REACH_GROUPS}
    counts = (
        scope.cases()
        .alias(**entry_aliases())
        .filter(scope.taking_part())
        .aggregate(
            total=Count("id"),
            women=Count("id", filter=Q(participant__gender="female")),
            **{group: Count("id", filter=condition) for group, condition in groups.items()},
        )
    )
    labels = {"women": _("women"), **dict(TargetGroup.choices)}
    reach = [
        ReachRow(group, str(labels[group]), counts[group], _per_thousand(counts[group], population))
        for group in ("women", *groups)
    ]
    return DistrictProfile(
        district=district,
        statistic=statistic,
        earlier=statistics[1:],
        participants=counts["total"],
        per_thousand=_per_thousand(counts["total"], population),
        reach=reach,
        offers=offers_with_fill(scope),
    )
