"""Pages of the offer catalogue (Angebote): the list, an offer's page and its forms
(offer, schedules with their exceptions), and the offer's dates as an iCalendar file.
Translations are in `views.translations`, the places in `views.locations`.

Thin: reads through `offers.selectors` and `offers.catalogue`, writes through
`offers.services`. An offer outside the user's projects is a 404; one the user may see
but not change is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import Organisation, Project
from quartier.core.pagination import page_query
from quartier.core.selectors import projects_visible_to
from quartier.offers import schedules
from quartier.offers.forms.catalogue import OfferFilterForm, OfferForm, provider_from
from quartier.offers.forms.schedules import ScheduleForm
from quartier.offers.models import Offer, Schedule, TranslationLanguage
from quartier.offers.selectors import catalogue as catalogue_selectors
from quartier.offers.selectors import enrolments as enrolments_selectors
from quartier.offers.selectors import locations as locations_selectors
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.services import catalogue as catalogue_services
from quartier.offers.services import schedules as schedules_services
from quartier.participants.models import TargetGroup

PAGE_SIZE = 25


# The list -----------------------------------------------------------------------------


def offer_list(request):
    """The offers of the user's projects, filtered, searched, sorted and paginated in
    SQL; with htmx only the results are sent back."""
    projects = list(projects_visible_to(request.user).order_by("name"))
    form = OfferFilterForm(request.GET or None, projects=projects)
    filters = offers_selectors.OfferFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = offers_selectors.OfferFilter(
            query=data["q"].strip(),
            project=data["project"],
            kind=data["kind"],
            occupational_field=data["occupational_field"],
            target_group=data["target_group"],
            published=data["published"],
            active=data["active"],
            sort=data["sort"] or offers_selectors.DEFAULT_CATALOGUE_SORT,
        )
    offers = offers_selectors.offer_catalogue(user=request.user, filters=filters)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    offers_selectors.mark_list_rows(page.object_list)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "query_string": page_query(request),
        "has_projects": bool(projects),
        "can_create": bool(locations_selectors.providers_for(request.user)),
        "nav_active": "offers",
    }
    if request.htmx:
        return render(request, "offers/catalogue_list.html#results", context)
    return render(request, "offers/catalogue_list.html", context)


# One offer ----------------------------------------------------------------------------


def offer_for_change(request, pk: int) -> Offer:
    offer = offers_selectors.offer_get(user=request.user, pk=pk)
    if not request.user.has_perm("offers.change_offer", offer):
        raise PermissionDenied(_("Only the provider organisation's staff change this offer."))
    return offer


def offer_detail(request, offer_pk: int):
    """Everything about one offer: texts, places, dates, translations and places taken."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    translations = {item.language: item for item in offer.translations.all()}
    target_groups = dict(TargetGroup.choices)
    today = timezone.localdate()
    participants = enrolments_selectors.offer_participants(user=request.user, offer=offer)
    if participants.active or participants.waiting or participants.ended:
        enrolments_selectors.participants_view_record(user=request.user, offer=offer)
    return render(
        request,
        "offers/catalogue_detail.html",
        {
            "offer": offer,
            "participants": participants,
            "show_all": False,
            "figures": catalogue_selectors.offer_figures(offer),
            "certificate_rule": catalogue_selectors.certificate_rule_in_words(offer),
            "schedules": [
                {
                    "schedule": schedule,
                    "words": catalogue_selectors.schedule_in_words(schedule),
                    "exceptions": [e for e in schedule.exceptions.all() if e.date >= today],
                }
                for schedule in offer.schedules.all()
            ],
            "next_sessions": catalogue_selectors.next_sessions(offer),
            "languages": [
                (code, label, translations.get(code)) for code, label in TranslationLanguage.choices
            ],
            "target_groups": [target_groups.get(group, group) for group in offer.target_groups],
            "can_change": request.user.has_perm("offers.change_offer", offer),
            "today": today,
            "nav_active": "offers",
        },
    )


def offer_ical(request, offer_pk: int):
    """The offer's dates as an iCalendar file, to import into a calendar."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    response = HttpResponse(schedules.ical(offer), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="angebot-{offer.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def offer_create(request):
    providers = locations_selectors.providers_for(request.user)
    if not providers:
        raise PermissionDenied(_("Only staff with a case role in a project create offers."))
    project_ids = {provider.project_id for provider in providers}
    wanted = request.GET.get("project", "")
    preselected = next((p.key for p in providers if str(p.project_id) == wanted), None)
    form = OfferForm(
        request.POST or None,
        providers=providers,
        locations=locations_selectors.location_choices(user=request.user, project_ids=project_ids),
        contact_people=locations_selectors.contact_person_choices(project_ids=project_ids),
        initial={"provider": preselected, "contact_person": request.user.pk},
    )
    form.fields["expected_version"].required = False
    if request.method == "POST" and form.is_valid():
        provider = provider_from(form.cleaned_data["provider"], providers)
        try:
            offer = catalogue_services.offer_create(
                actor=request.user,
                project=Project.objects.get(pk=provider.project_id),
                organisation=Organisation.objects.get(pk=provider.organisation_id),
                locations=form.cleaned_data["locations"],
                **form.offer_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The offer was created. Now add when it takes place."))
            return redirect("offers:offer_detail", offer_pk=offer.pk)
    return render(
        request,
        "offers/catalogue_offer_form.html",
        {"form": form, "offer": None, "changes": [], "nav_active": "offers"},
    )


@require_http_methods(["GET", "POST"])
def offer_edit(request, offer_pk: int):
    offer = offer_for_change(request, offer_pk)
    form = OfferForm(
        request.POST or None,
        instance=offer,
        locations=locations_selectors.location_choices(
            user=request.user, project_ids=[offer.project_id]
        ),
        contact_people=locations_selectors.contact_person_choices(project_ids=[offer.project_id]),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: catalogue_services.offer_update(
                actor=request.user,
                offer=Offer.objects.get(pk=offer.pk),
                expected_version=form.cleaned_data["expected_version"],
                locations=form.cleaned_data["locations"],
                **form.offer_fields(),
            ),
            stored=lambda: Offer.objects.get(pk=offer.pk),
        )
        if outcome.saved:
            messages.success(request, _("The offer was saved."))
            return redirect("offers:offer_detail", offer_pk=offer.pk)
        changes = outcome.changes
    return render(
        request,
        "offers/catalogue_offer_form.html",
        {"form": form, "offer": offer, "changes": changes, "nav_active": "offers"},
    )


# Schedules ----------------------------------------------------------------------------


def _schedule_locations(request, offer: Offer):
    return locations_selectors.location_choices(user=request.user, project_ids=[offer.project_id])


@require_http_methods(["GET", "POST"])
def schedule_create(request, offer_pk: int):
    offer = offer_for_change(request, offer_pk)
    form = ScheduleForm(
        request.POST or None,
        locations=_schedule_locations(request, offer),
        initial={"valid_from": offer.start_date, "valid_until": offer.end_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            schedules_services.schedule_save(
                actor=request.user,
                offer=offer,
                exceptions=form.cleaned_data["exceptions"],
                **form.schedule_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The dates were saved."))
            return redirect("offers:offer_detail", offer_pk=offer.pk)
    return render(
        request,
        "offers/catalogue_schedule_form.html",
        {"form": form, "offer": offer, "schedule": None, "changes": [], "nav_active": "offers"},
    )


@require_http_methods(["GET", "POST"])
def schedule_edit(request, offer_pk: int, schedule_pk: int):
    offer = offer_for_change(request, offer_pk)
    schedule = get_object_or_404(
        Schedule.objects.filter(offer=offer).prefetch_related("exceptions"), pk=schedule_pk
    )
    form = ScheduleForm(
        request.POST or None,
        locations=_schedule_locations(request, offer),
        initial=ScheduleForm.initial_for(schedule),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: schedules_services.schedule_save(
                actor=request.user,
                offer=offer,
                schedule=Schedule.objects.get(pk=schedule.pk),
                expected_version=form.cleaned_data["expected_version"],
                exceptions=form.cleaned_data["exceptions"],
                **form.schedule_fields(),
            ),
            stored=lambda: Schedule.objects.get(pk=schedule.pk),
            skip=("exceptions",),
        )
        if outcome.saved:
            messages.success(request, _("The dates were saved."))
            return redirect("offers:offer_detail", offer_pk=offer.pk)
        changes = outcome.changes
    return render(
        request,
        "offers/catalogue_schedule_form.html",
        {
            "form": form,
            "offer": offer,
            "schedule": schedule,
            "words": catalogue_selectors.schedule_in_words(schedule),
            "changes": changes,
            "nav_active": "offers",
        },
    )


@require_POST
def schedule_delete(request, offer_pk: int, schedule_pk: int):
    offer = offer_for_change(request, offer_pk)
    schedule = get_object_or_404(Schedule.objects.filter(offer=offer), pk=schedule_pk)
    schedules_services.schedule_delete(actor=request.user, schedule=schedule)
    messages.success(request, _("The dates were removed."))
    return redirect("offers:offer_detail", offer_pk=offer.pk)
