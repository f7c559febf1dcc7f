"""BIWAQ programme indicator HF1: leavers whose employability improved.

The measure is the *support needs total* of an assessment (Potenzialanalyse): the sum
of its ten life-domain ratings (`cases.models.NEED_DOMAINS`, each 0 = no support
needed … 3 = much support), so 0 to 30; lower is closer to the labour market. It is
`Assessment.total_need`. A case's assessments are put in order by date, and by
when they were recorded on the same date.

A leaver (exit in the period) counts when they have at least two assessments and

- `first_vs_last` (default): the last assessment's total is lower than the first's
  by at least `QUARTIER_HF1_MIN_IMPROVEMENT` points (default 1);
- `first_vs_best`: some later assessment's total is lower than the first's by at
  least that many points (a relapse at the end does not undo the progress made).

Both rules read every assessment of the case, also one recorded after the exit.
Settings: `QUARTIER_HF1_RULE` ("first_vs_last" or "first_vs_best") and
`QUARTIER_HF1_MIN_IMPROVEMENT` (a whole number ≥ 1). A minimum of one point
already means two assessments: one alone cannot be lower than itself.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, IntegerField, Min, OuterRef, Q, Subquery, Value

from quartier.cases.models import NEED_DOMAINS, Assessment

HF1_RULES = ("first_vs_last", "first_vs_best")


@dataclass(frozen=True)
class Hf1Rule:
    compare: str = "first_vs_last"
    min_improvement: int = 1


def hf1_rule() -> Hf1Rule:
    """The rule the settings choose; a wrong setting is refused, not guessed around."""
    compare = getattr(settings, "QUARTIER_HF1_RULE", "first_vs_last")
    minimum = getattr(settings, "QUARTIER_HF1_MIN_IMPROVEMENT", 1)
    if compare not in HF1_RULES:
        raise ImproperlyConfigured(
            f"QUARTIER_HF1_RULE must be one of {', '.join(HF1_RULES)}, not {compare!r}."
        )
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ImproperlyConfigured(
            f"QUARTIER_HF1_MIN_IMPROVEMENT must be a whole number of 1 or more, not {minimum!r}."
        )
    return Hf1Rule(compare=compare, min_improvement=minimum)


def support_needs_total():
    """The sum of the ten need ratings of an assessment, as an SQL expression."""
    fields = [F(field) for field, _label in NEED_DOMAINS]
    total = fields[0]
    for field in fields[1:]:
        total = total + field
    return total


def hf1_aliases(rule: Hf1Rule) -> dict:
    """Per case (the outer query's row): the first assessment's total and the total it
    is compared with; both NULL without assessments."""
    of_case = Assessment.objects.filter(case=OuterRef("pk")).annotate(
        support_needs=support_needs_total()
    )
    first = of_case.order_by("date", "id").values("support_needs")[:1]
    if rule.compare == "first_vs_last":
        other = of_case.order_by("-date", "-id").values("support_needs")[:1]
    else:
        other = (
            of_case.order_by()
            .values("case")
            .annotate(lowest=Min("support_needs"))
            .values("lowest")[:1]
        )
    return {
        "hf1_first": Subquery(first, output_field=IntegerField()),
        "hf1_other": Subquery(other, output_field=IntegerField()),
    }


def hf1_condition(rule: Hf1Rule) -> Q:
    """The case counts for HF1 (on the aliases of `hf1_aliases`)."""
    # NULL (no assessment) compares as not true: such a case does not count.
    return Q(hf1_first__gte=F("hf1_other") + Value(rule.min_improvement))
