"""Reads of vacant commercial units (Leerstand): the scoped list with its filter, one
unit with its status history, and the businesses that may have moved in.

Units are seen by the vacancy roles of their project *and* owning organisation, like
every other economy record; a platform admin sees all of them.
"""

import django_filters
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from quartier.economy.models import Employer, UnitStatus, UnitStatusChange, UnitUse, VacantUnit
from quartier.economy.selectors.events import economy_scoped, visible_project_employers

#: Vacant first, then in talks, then let.
STATUS_ORDER = Case(
    When(status=UnitStatus.VACANT, then=Value(0)),
    When(status=UnitStatus.IN_TALKS, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def units_visible_to(user) -> QuerySet[VacantUnit]:
    """The units of the (project, organisation) pairs where the user holds a vacancy
    role; every unit for a platform admin."""
    return economy_scoped(VacantUnit, user)


class UnitFilter(django_filters.FilterSet):
    """The one unit filter of the list page and the API."""

    q = django_filters.CharFilter(method="search")
    status = django_filters.ChoiceFilter(choices=UnitStatus.choices)
    use = django_filters.ChoiceFilter(choices=UnitUse.choices)
    project = django_filters.NumberFilter(field_name="project_id")
    project_slug = django_filters.CharFilter(field_name="project__slug")

    class Meta:
        model = VacantUnit
        fields = ["q", "status", "use", "project", "project_slug"]

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(street__icontains=word)
                | Q(postcode__startswith=word)
                | Q(city__icontains=word)
                | Q(title__icontains=word)
            )
        return queryset


def unit_list(*, user, filters: dict) -> QuerySet[VacantUnit]:
    """The units the user sees, filtered; vacant first, then in talks, then let, by
    street."""
    units = units_visible_to(user).select_related("project", "organisation", "district", "tenant")
    return UnitFilter(filters, queryset=units).qs.order_by(STATUS_ORDER, "street", "id")


def unit_rows(*, user, filters: dict | None = None) -> QuerySet[VacantUnit]:
    """Units for the API, filtered like the list (`UnitFilter`), with their status
    history."""
    units = units_visible_to(user)
    if filters:
        units = UnitFilter(filters, queryset=units).qs
    return (
        units.select_related("project", "organisation", "district", "tenant")
        .prefetch_related(
            Prefetch("status_changes", queryset=UnitStatusChange.objects.order_by("date", "id"))
        )
        .order_by(STATUS_ORDER, "street", "id")
    )


def unit_get(*, user, pk: int) -> VacantUnit:
    """One unit the user may see, or 404."""
    return get_object_or_404(
        units_visible_to(user).select_related("project", "organisation", "district", "tenant"),
        pk=pk,
    )


def unit_history(unit: VacantUnit) -> list[UnitStatusChange]:
    return list(unit.status_changes.select_related("by").order_by("-date", "-id"))


def tenant_choices(*, user, unit: VacantUnit) -> QuerySet[Employer]:
    """The businesses that may be named as having moved in: employers of the unit's
    project the user may see."""
    return visible_project_employers(user=user, project_id=unit.project_id)
