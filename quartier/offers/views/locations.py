"""Pages of the places (Orte) where offers take place: the list, a new place, and
changing one. Thin: reads through `offers.selectors` and `offers.catalogue`, writes
through `offers.services`. A place outside the user's projects is a 404; one the user
may see but not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import District, Organisation, Project
from quartier.core.pagination import page_query
from quartier.core.selectors import projects_visible_to
from quartier.offers.forms.catalogue import LocationForm, provider_from
from quartier.offers.models import Location
from quartier.offers.selectors import locations as locations_selectors
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.services import catalogue as catalogue_services
from quartier.offers.views.offers import PAGE_SIZE


def location_list(request):
    projects = list(projects_visible_to(request.user).order_by("name"))
    query = request.GET.get("q", "").strip()[:100]
    project = request.GET.get("project", "")
    project_id = int(project) if project.isdigit() else None
    locations = locations_selectors.location_list(
        user=request.user, query=query, project=project_id
    )
    page = Paginator(locations, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    providers = locations_selectors.providers_for(request.user)
    locations_selectors.mark_manageable(page.object_list, user=request.user, providers=providers)
    return render(
        request,
        "offers/catalogue_location_list.html",
        {
            "page": page,
            "query": query,
            "project_id": project_id,
            "projects": projects,
            "query_string": page_query(request),
            "can_create": bool(providers),
            "nav_active": "offers",
        },
    )


def _districts_of(project_ids):
    return District.objects.filter(projects__in=list(project_ids)).distinct().order_by("name")


@require_http_methods(["GET", "POST"])
def location_create(request):
    providers = locations_selectors.providers_for(request.user)
    if not providers:
        raise PermissionDenied(_("Only staff with a case role in a project create places."))
    form = LocationForm(
        request.POST or None,
        providers=providers,
        districts=_districts_of({provider.project_id for provider in providers}),
    )
    form.fields["expected_version"].required = False
    if request.method == "POST" and form.is_valid():
        provider = provider_from(form.cleaned_data["provider"], providers)
        try:
            catalogue_services.location_create(
                actor=request.user,
                project=Project.objects.get(pk=provider.project_id),
                organisation=Organisation.objects.get(pk=provider.organisation_id),
                **form.location_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The place was saved."))
            return redirect("offers:location_list")
    return render(
        request,
        "offers/catalogue_location_form.html",
        {"form": form, "location": None, "changes": [], "nav_active": "offers"},
    )


@require_http_methods(["GET", "POST"])
def location_edit(request, location_pk: int):
    location = get_object_or_404(
        offers_selectors.locations_visible_to(request.user).select_related("project"),
        pk=location_pk,
    )
    if not request.user.has_perm("offers.change_location", location):
        raise PermissionDenied(_("Only the owning organisation's staff change this place."))
    form = LocationForm(
        request.POST or None, instance=location, districts=_districts_of([location.project_id])
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: catalogue_services.location_update(
                actor=request.user,
                location=Location.objects.get(pk=location.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.location_fields(),
            ),
            stored=lambda: Location.objects.get(pk=location.pk),
        )
        if outcome.saved:
            messages.success(request, _("The place was saved."))
            return redirect("offers:location_list")
        changes = outcome.changes
    return render(
        request,
        "offers/catalogue_location_form.html",
        {"form": form, "location": location, "changes": changes, "nav_active": "offers"},
    )
