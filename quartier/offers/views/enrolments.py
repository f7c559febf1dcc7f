"""Pages of enrolments: the offer's participants, enrolling from the case or from the
offer (with the waiting list when the offer is full), changing and ending a
participation. Thin: reads through `selectors`/`enrolments`, writes through `services`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.models import Goal
from quartier.cases.selectors.cases import case_get, cases_visible_to
from quartier.core.forms import add_service_error, save_versioned_form
from quartier.offers.forms.enrolments import EnrolmentChangeForm, EnrolmentEndForm, EnrolmentForm
from quartier.offers.models import Enrolment, EnrolmentStatus
from quartier.offers.selectors import enrolments as enrolments_selectors
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.services import enrolments as enrolments_services


def _person(case) -> str:
    return f"{case.participant.first_name} {case.participant.last_name}"


def _goals(case):
    return Goal.objects.filter(plan__case=case).order_by("position", "id")


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def offer_participants(request, offer_pk: int):
    """Who takes part in the offer, who waits (in order) and who ended, with hours."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    participants = enrolments_selectors.offer_participants(user=request.user, offer=offer)
    enrolments_selectors.participants_view_record(user=request.user, offer=offer)
    return render(
        request,
        "offers/enrolment_list.html",
        {"offer": offer, "participants": participants, "show_all": True},
    )


def _enrolled_message(enrolment) -> str:
    name = str(enrolment.case.participant)
    if enrolment.status == EnrolmentStatus.WAITING:
        position = Enrolment.objects.filter(
            offer_id=enrolment.offer_id,
            status=EnrolmentStatus.WAITING,
            waiting_since__lte=enrolment.waiting_since,
        ).count()
        return _(
            "%(name)s is on the waiting list for %(offer)s (position %(position)s) and moves "
            "up when a place frees."
        ) % {"name": name, "offer": enrolment.offer.title, "position": position}
    return _("%(name)s was enrolled in %(offer)s from %(date)s.") % {
        "name": name,
        "offer": enrolment.offer.title,
        "date": enrolment.start_date.strftime("%d.%m.%Y"),
    }


def _enrol(request, form, *, offer, case) -> Enrolment | None:
    data = form.cleaned_data
    try:
        return enrolments_services.enrolment_create(
            actor=request.user,
            offer=offer,
            case=case,
            start_date=data["start_date"],
            planned_end_date=data["planned_end_date"],
            goal=data.get("goal"),
            waiting_list=data.get("waiting_list", False),
            notes=data["notes"],
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None


@require_http_methods(["GET", "POST"])
def enrol_from_case(request, case_pk: int):
    """Enrol the case in an offer of its project (or put it on the waiting list)."""
    case = case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    offers = enrolments_selectors.enrolable_offers(user=request.user, case=case)
    chosen = None
    if request.method == "POST":
        chosen = offers.filter(pk=request.POST.get("offer") or None).first()
    offer_full = chosen is not None and enrolments_selectors.offer_places(chosen).full
    kwargs = {"offers": offers, "goals": _goals(case), "offer_full": offer_full}
    form = EnrolmentForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("offers.enrol", form.cleaned_data["offer"]):
            raise PermissionDenied
        enrolment = _enrol(request, form, offer=form.cleaned_data["offer"], case=case)
        if enrolment is not None:
            messages.success(request, _enrolled_message(enrolment))
            return redirect("cases:case_detail", case_pk=case.pk)
    return render(
        request,
        "offers/enrolment_form.html",
        {
            "case": case,
            "person": _person(case),
            "form": form,
            "offer": chosen,
            "offer_full": offer_full,
            "from_case": True,
        },
    )


@require_http_methods(["GET", "POST"])
def enrol_from_offer(request, offer_pk: int):
    """Find a case the user may see (by name or number) and enrol it in this offer."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    if not request.user.has_perm("offers.enrol", offer):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    case_id = request.POST.get("case") or request.GET.get("fall")
    places = enrolments_selectors.offer_places(offer)
    context = {"offer": offer, "query": query, "places": places}
    if not case_id:
        context["cases"] = enrolments_selectors.cases_to_enrol(
            user=request.user, offer=offer, query=query
        )
        template = "offers/enrolment_search.html"
        if request.htmx:
            template += "#case-results"
        return render(request, template, context)
    try:
        case_id = int(case_id)
    except ValueError:
        case_id = 0
    case = get_object_or_404(
        cases_visible_to(request.user)
        .filter(project_id=offer.project_id)
        .select_related("participant", "project"),
        pk=case_id,
    )
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    form = EnrolmentForm(request.POST or None, goals=_goals(case), offer_full=places.full)
    if request.method == "POST" and form.is_valid():
        enrolment = _enrol(request, form, offer=offer, case=case)
        if enrolment is not None:
            messages.success(request, _enrolled_message(enrolment))
            return redirect("offers:offer_participants", offer_pk=offer.pk)
    context.update({"case": case, "person": _person(case), "form": form, "offer_full": places.full})
    return render(request, "offers/enrolment_form.html", context)


def _enrolment_for_change(request, pk: int) -> Enrolment:
    enrolment = enrolments_selectors.enrolment_get(user=request.user, pk=pk)
    if not request.user.has_perm("offers.change_enrolment", enrolment):
        raise PermissionDenied
    return enrolment


@require_http_methods(["GET", "POST"])
def enrolment_end(request, enrolment_pk: int):
    """Completed, dropped out (with the reason) or taken off the waiting list; a freed
    place goes to the first on the waiting list, and the message says who."""
    enrolment = _enrolment_for_change(request, enrolment_pk)
    back = _next_url(request, enrolment_case_url(enrolment))
    if not enrolment.is_open:
        messages.info(request, _("This participation has already ended."))
        return redirect(back)
    form = EnrolmentEndForm(request.POST or None, instance=enrolment)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = enrolments_selectors.enrolment_get(user=request.user, pk=enrolment_pk)
        outcome = save_versioned_form(
            form,
            lambda: enrolments_services.enrolment_end(
                actor=request.user,
                enrolment=fresh,
                expected_version=data["expected_version"],
                status=data["status"],
                end_date=data["end_date"],
                dropout_reason=data["dropout_reason"],
                notes=data["notes"],
            ),
            stored=lambda: Enrolment.objects.get(pk=enrolment_pk),
        )
        if outcome.saved:
            ended, moved = outcome.result
            messages.success(request, _ended_message(ended, moved))
            return redirect(back)
        changes = outcome.changes
    return render(
        request,
        "offers/enrolment_end.html",
        {
            "enrolment": enrolment,
            "case": enrolment.case,
            "form": form,
            "changes": changes,
            "next": back,
        },
    )


def enrolment_case_url(enrolment) -> str:
    return reverse("cases:case_detail", args=[enrolment.case_id])


def _ended_message(enrolment, moved) -> str:
    values = {"name": str(enrolment.case.participant), "offer": enrolment.offer.title}
    if enrolment.status == EnrolmentStatus.COMPLETED:
        text = _("%(name)s completed %(offer)s.") % values
    elif enrolment.start_date is None:
        text = _("%(name)s was taken off the waiting list for %(offer)s.") % values
    else:
        text = _("%(name)s dropped out of %(offer)s.") % values
    if moved:
        names = ", ".join(
            str(person.case.participant)
            for person in Enrolment.objects.filter(pk__in=[m.pk for m in moved])
            .select_related("case__participant")
            .order_by("waiting_since", "id")
        )
        text += " " + _("Moved up from the waiting list: %(names)s.") % {"names": names}
    return text


@require_http_methods(["GET", "POST"])
def enrolment_change(request, enrolment_pk: int):
    """Planned end, plan goal and notes of a participation."""
    enrolment = _enrolment_for_change(request, enrolment_pk)
    back = _next_url(request, enrolment_case_url(enrolment))
    form = EnrolmentChangeForm(
        request.POST or None, instance=enrolment, goals=_goals(enrolment.case)
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = enrolments_selectors.enrolment_get(user=request.user, pk=enrolment_pk)
        outcome = save_versioned_form(
            form,
            lambda: enrolments_services.enrolment_update(
                actor=request.user,
                enrolment=fresh,
                expected_version=data["expected_version"],
                planned_end_date=data["planned_end_date"],
                goal=data["goal"],
                notes=data["notes"],
            ),
            stored=lambda: Enrolment.objects.get(pk=enrolment_pk),
        )
        if outcome.saved:
            messages.success(request, _("The participation was saved."))
            return redirect(back)
        changes = outcome.changes
    return render(
        request,
        "offers/enrolment_change.html",
        {
            "enrolment": enrolment,
            "case": enrolment.case,
            "form": form,
            "changes": changes,
            "next": back,
        },
    )
