"""What every report starts from: `projects_reported_to(user)`, the projects whose
figures the user may see (a case role or the evaluator role there; all for platform
admins), and `ReportScope`, what one report covers (a project, a period cut to the
funded period, maybe a district)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from quartier.cases.models import Case
from quartier.core.models import District, Project
from quartier.reports.indicators import (
    FundedPeriod,
    funded_period,
    indicator_projects_visible_to,
)


def projects_reported_to(user) -> QuerySet[Project]:
    """Projects whose reports the user may open (the indicators' rule, see
    `reports.rules`): a case role or the evaluator role there; all for platform admins."""
    return indicator_projects_visible_to(user)


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: a project, a period and maybe a district.

    The period is cut to the project's funded period (`funded_period`): an open end
    (None) becomes the funded period's start or end, a day beyond it is moved to it,
    and `funded` keeps what was chosen and whether it was cut. Nothing outside the
    funded period is counted."""

    project: Project
    date_from: date | None = None
    date_to: date | None = None
    district: District | None = None
    funded: FundedPeriod | None = field(default=None, compare=False)

    def __post_init__(self):
        funded = funded_period(self.project, self.date_from, self.date_to)
        object.__setattr__(self, "funded", funded)
        object.__setattr__(self, "date_from", funded.date_from)
        object.__setattr__(self, "date_to", funded.date_to)

    def between(self, field_name: str) -> Q:
        """`field_name` lies in the period."""
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{field_name}__gte": self.date_from})
        if self.date_to:
            condition &= Q(**{f"{field_name}__lte": self.date_to})
        return condition

    def taking_part(self, prefix: str = "") -> Q:
        """Cases whose participation overlaps the period: entry on or before its end,
        and no exit or an exit on or after its start."""
        condition = Q()
        if self.date_to:
            condition &= Q(**{f"{prefix}entry_date__lte": self.date_to})
        if self.date_from:
            condition &= Q(**{f"{prefix}exit_date__isnull": True}) | Q(
                **{f"{prefix}exit_date__gte": self.date_from}
            )
        return condition

    def cases(self) -> QuerySet[Case]:
        cases = Case.objects.filter(project=self.project)
        if self.district is not None:
            cases = cases.filter(participant__district=self.district)
        return cases

    def in_district(self, prefix: str) -> Q:
        """Rows whose case (at `prefix`, e.g. "case__") belongs to the district."""
        if self.district is None:
            return Q()
        return Q(**{f"{prefix}participant__district": self.district})
