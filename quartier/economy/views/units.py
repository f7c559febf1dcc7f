"""Pages of vacant commercial units (Leerstand): the list, a new unit, one unit with
its history, changing its details, its status (vacant → in talks → let) and deleting
it. Thin: reads through `economy.selectors.units`, writes through
`economy.services.units`. A unit outside the user's tenants is a 404; one the user may
see but not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.selectors import projects_visible_to
from quartier.core.services import ConcurrentEditError
from quartier.economy.forms.events import owner_from
from quartier.economy.forms.units import UnitFilterForm, UnitForm, UnitStatusForm
from quartier.economy.models import VacantUnit
from quartier.economy.selectors import events as event_selectors
from quartier.economy.selectors import units as unit_selectors
from quartier.economy.services import units as unit_services

PAGE_SIZE = 25


def _unit_for_change(request, unit_pk: int) -> VacantUnit:
    unit = unit_selectors.unit_get(user=request.user, pk=unit_pk)
    if not request.user.has_perm("economy.change_unit", unit):
        raise PermissionDenied(_("Only the owning organisation's economy staff change this unit."))
    return unit


@require_http_methods(["GET"])
def unit_list(request):
    if not request.user.has_perm("core.view_economy"):
        raise PermissionDenied(_("Only staff working with employers see the vacant units."))
    projects = list(projects_visible_to(request.user).order_by("name"))
    form = UnitFilterForm(request.GET or None, projects=projects)
    filters = form.filters()
    units = unit_selectors.unit_list(user=request.user, filters=filters)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "economy/units/unit_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "query_string": page_query(request),
            "can_create": bool(event_selectors.economy_owners(request.user)),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def unit_create(request):
    owners = event_selectors.economy_owners(request.user)
    if not owners:
        raise PermissionDenied(
            _("Only staff with an economy role in a project record vacant units.")
        )
    form = UnitForm(
        request.POST or None,
        owners=owners,
        districts=event_selectors.project_districts({o.project_id for o in owners}),
    )
    if request.method == "POST" and form.is_valid():
        owner = owner_from(form.cleaned_data["owner"], owners)
        project, organisation = event_selectors.owner_records(owner)
        try:
            unit = unit_services.unit_create(
                actor=request.user,
                project=project,
                organisation=organisation,
                **form.unit_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The vacant unit was saved."))
            return redirect("economy:unit_detail", unit_pk=unit.pk)
    return render(
        request,
        "economy/units/unit_form.html",
        {"form": form, "unit": None, "changes": [], "nav_active": "employers"},
    )


@require_http_methods(["GET"])
def unit_detail(request, unit_pk: int):
    unit = unit_selectors.unit_get(user=request.user, pk=unit_pk)
    if not request.user.has_perm("economy.view_unit", unit):
        raise Http404
    return render(
        request,
        "economy/units/unit_detail.html",
        {
            "unit": unit,
            "history": unit_selectors.unit_history(unit),
            "can_change": request.user.has_perm("economy.change_unit", unit),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request, unit_pk: int):
    unit = _unit_for_change(request, unit_pk)
    form = UnitForm(
        request.POST or None,
        instance=unit,
        districts=event_selectors.project_districts([unit.project_id]),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: unit_services.unit_update(
                actor=request.user,
                unit=VacantUnit.objects.get(pk=unit.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.unit_fields(),
            ),
            stored=lambda: VacantUnit.objects.get(pk=unit.pk),
        )
        if outcome.saved:
            messages.success(request, _("The vacant unit was saved."))
            return redirect("economy:unit_detail", unit_pk=unit.pk)
        changes = outcome.changes
    return render(
        request,
        "economy/units/unit_form.html",
        {"form": form, "unit": unit, "changes": changes, "nav_active": "employers"},
    )


@require_http_methods(["GET", "POST"])
def unit_status(request, unit_pk: int):
    unit = _unit_for_change(request, unit_pk)
    form = UnitStatusForm(
        request.POST or None,
        unit=unit,
        tenants=unit_selectors.tenant_choices(user=request.user, unit=unit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit_services.unit_status_change(
                actor=request.user,
                unit=VacantUnit.objects.get(pk=unit.pk),
                **form.cleaned_data,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("economy:unit_detail", unit_pk=unit.pk)
    return render(
        request,
        "economy/units/unit_status.html",
        {"form": form, "unit": unit, "nav_active": "employers"},
    )


@require_http_methods(["GET", "POST"])
def unit_delete(request, unit_pk: int):
    unit = _unit_for_change(request, unit_pk)
    if request.method == "POST":
        unit_services.unit_delete(actor=request.user, unit=unit)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": unit.title})
        return redirect("economy:unit_list")
    return render(
        request,
        "economy/units/unit_delete.html",
        {"unit": unit, "nav_active": "employers"},
    )
