"""Pages of the service requests: residents' requests to the practical projects, as
a list across the user's projects and per practical project (with the counts per
project), entering a request on a resident's behalf, and scheduling it to a team of
participants, marking it done or cancelling it.

Thin: reads through `offers.selectors.service_requests`, writes through
`services.service_request_*`. Requests are looked up through the scoping function,
so a foreign id is a 404. The request page, which shows a resident's contact details,
writes an access-log entry.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.offers.forms.service_requests import (
    ServiceRequestCancelForm,
    ServiceRequestDoneForm,
    ServiceRequestFilterForm,
    ServiceRequestForm,
    ServiceRequestScheduleForm,
)
from quartier.offers.models import Offer, OfferKind, ServiceRequest, ServiceRequestStatus
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.selectors import service_requests as service_requests_selectors
from quartier.offers.services import service_requests as service_requests_services
from quartier.offers.views.certificates import offer_url
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 25


def _list(request, *, offer: Offer | None = None):
    user = request.user
    form = ServiceRequestFilterForm(
        request.GET or None,
        projects=service_requests_selectors.filter_projects(user),
        offers=service_requests_selectors.practical_projects_managed_by(user).order_by("title"),
    )
    filters = service_requests_selectors.ServiceRequestFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = service_requests_selectors.ServiceRequestFilter(
            status=data["status"],
            project=data["project"].pk if data["project"] else None,
            offer=data["offer"].pk if data["offer"] else None,
        )
    if offer is not None:
        filters = service_requests_selectors.ServiceRequestFilter(
            status=filters.status, offer=offer.pk
        )
    rows = service_requests_selectors.service_request_list(user=user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/service_request_list.html",
        {
            "offer": offer,
            "offer_url": offer_url(offer) if offer else None,
            "form": form,
            "filters": filters,
            "page": page,
            "query_string": page_query(request),
            "counts": service_requests_selectors.service_request_counts_by_project(
                user=user, offer=offer
            ),
            "practical_projects": (
                None
                if offer
                else service_requests_selectors.practical_projects_managed_by(user)
                .filter(active=True)
                .order_by("title")
            ),
            "nav_active": "offers",
        },
    )


@require_GET
def service_request_list(request):
    """Requests to every practical project the user handles, across their projects."""
    return _list(request)


@require_GET
def offer_service_requests(request, offer_pk: int):
    """Requests to one practical project."""
    offer = offers_selectors.offer_get(user=request.user, pk=offer_pk)
    if offer.kind != OfferKind.PRACTICAL_PROJECT:
        raise Http404
    if not request.user.has_perm("offers.manage_service_requests", offer):
        raise PermissionDenied
    return _list(request, offer=offer)


@require_http_methods(["GET", "POST"])
def service_request_create(request, offer_pk: int):
    """A resident's request, entered by staff on their behalf (by phone, at the café)."""
    offer = service_requests_selectors.practical_project_for_request(user=request.user, pk=offer_pk)
    form = ServiceRequestForm(request.POST or None, offer=offer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service_request = service_requests_services.service_request_create(
                    actor=request.user, offer=offer, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("The request of %(name)s was recorded.")
                    % {"name": service_request.requested_by_name},
                )
                if request.user.has_perm("offers.manage_service_requests", offer):
                    return redirect(
                        "offers:service_request_detail", service_request_pk=service_request.pk
                    )
                return redirect(offer_url(offer) or request.path)
        status = 400
    return render(
        request,
        "offers/service_request_form.html",
        {"offer": offer, "offer_url": offer_url(offer), "form": form, "nav_active": "offers"},
        status=status,
    )


def _forms(request, service_request: ServiceRequest, **bound) -> dict:
    version = service_request.version
    candidates = service_requests_selectors.team_candidates(
        user=request.user, offer=service_request.offer
    )
    scheduled = service_request.scheduled_for
    return {
        "schedule_form": bound.get("schedule_form")
        or ServiceRequestScheduleForm(
            prefix="schedule",
            team_candidates=candidates,
            initial={
                "expected_version": version,
                "scheduled_for": scheduled,
                "team": list(service_request.team.values_list("pk", flat=True)),
                "notes": service_request.notes,
            },
        ),
        "done_form": bound.get("done_form")
        or ServiceRequestDoneForm(
            prefix="done", initial={"expected_version": version, "notes": service_request.notes}
        ),
        "cancel_form": bound.get("cancel_form")
        or ServiceRequestCancelForm(
            prefix="cancel",
            initial={"expected_version": version, "notes": service_request.notes},
        ),
    }


def _detail(request, pk: int, *, status: int = 200, **bound):
    service_request = service_requests_selectors.service_request_get(user=request.user, pk=pk)
    team, hidden = service_requests_selectors.team_of(
        user=request.user, service_request=service_request
    )
    access_log_record(
        actor=request.user,
        action="view",
        record=service_request,
        project_id=service_request.offer.project_id,
        organisation_id=service_request.offer.organisation_id,
    )
    open_request = service_request.status in service_requests_selectors.OPEN_STATUSES
    return render(
        request,
        "offers/service_request_detail.html",
        {
            "service_request": service_request,
            "offer": service_request.offer,
            "team": team,
            "hidden_team": hidden,
            "can_schedule": open_request,
            "can_finish": service_request.status == ServiceRequestStatus.SCHEDULED,
            "can_cancel": open_request,
            "nav_active": "offers",
            **_forms(request, service_request, **bound),
        },
        status=status,
    )


@require_GET
def service_request_detail(request, service_request_pk: int):
    return _detail(request, service_request_pk)


@require_POST
def service_request_schedule(request, service_request_pk: int):
    service_request = service_requests_selectors.service_request_get(
        user=request.user, pk=service_request_pk
    )
    form = ServiceRequestScheduleForm(
        request.POST,
        prefix="schedule",
        team_candidates=service_requests_selectors.team_candidates(
            user=request.user, offer=service_request.offer
        ),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            service_requests_services.service_request_schedule(
                actor=request.user,
                service_request=service_request,
                expected_version=data["expected_version"],
                scheduled_for=data["scheduled_for"],
                team=list(data["team"]),
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The request was scheduled."))
            return redirect("offers:service_request_detail", service_request_pk=service_request_pk)
    return _detail(request, service_request_pk, status=400, schedule_form=form)


@require_POST
def service_request_done(request, service_request_pk: int):
    service_request = service_requests_selectors.service_request_get(
        user=request.user, pk=service_request_pk
    )
    form = ServiceRequestDoneForm(request.POST, prefix="done")
    if form.is_valid():
        data = form.cleaned_data
        try:
            service_requests_services.service_request_done(
                actor=request.user,
                service_request=service_request,
                expected_version=data["expected_version"],
                done_at=data["done_at"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The request was marked as done."))
            return redirect("offers:service_request_detail", service_request_pk=service_request_pk)
    return _detail(request, service_request_pk, status=400, done_form=form)


@require_POST
def service_request_cancel(request, service_request_pk: int):
    service_request = service_requests_selectors.service_request_get(
        user=request.user, pk=service_request_pk
    )
    form = ServiceRequestCancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        data = form.cleaned_data
        try:
            service_requests_services.service_request_cancel(
                actor=request.user,
                service_request=service_request,
                expected_version=data["expected_version"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The request was cancelled."))
            return redirect("offers:service_request_detail", service_request_pk=service_request_pk)
    return _detail(request, service_request_pk, status=400, cancel_form=form)
