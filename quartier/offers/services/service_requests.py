"""Writes of service requests: residents' requests to the practical projects
(create, schedule, mark done, cancel)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case
from quartier.core.models import User
from quartier.core.services import save_versioned
from quartier.offers.models import (
    Enrolment,
    EnrolmentStatus,
    Offer,
    OfferKind,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.services.checks import _require, _today

# Service requests -------------------------------------------------------------------


@transaction.atomic
def service_request_create(
    *,
    actor: User | None,
    offer: Offer,
    requested_by_name: str,
    description: str,
    contact_phone: str = "",
    contact_email: str = "",
    address: str = "",
    district=None,
    preferred_date: dt.date | None = None,
    notes: str = "",
) -> ServiceRequest:
    """A resident asks a practical project for a ride or a small job. `actor` is None
    when the request comes from the public map (then only published, active offers
    take requests); staff of the project may enter one on a resident's behalf."""
    if offer.kind != OfferKind.PRACTICAL_PROJECT:
        raise ValidationError({"offer": _("Only practical projects take requests.")})
    if actor is None:
        if not (offer.published and offer.active):
            raise Http404
    else:
        _require(actor, "offers.view_offer", offer)
    if not offer.active:
        raise ValidationError({"offer": _("This offer is no longer active.")})
    if preferred_date and preferred_date < _today():
        raise ValidationError({"preferred_date": _("The preferred date lies in the past.")})
    service_request = ServiceRequest(
        offer=offer,
        requested_by_name=requested_by_name.strip(),
        description=description.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        address=address.strip(),
        district=district,
        preferred_date=preferred_date,
        notes=notes if actor is not None else "",
        created_by=actor,
    )
    service_request.full_clean()
    service_request.save()
    return service_request


@transaction.atomic
def service_request_schedule(
    *,
    actor: User,
    service_request: ServiceRequest,
    expected_version: int,
    scheduled_for: dt.datetime,
    team: list[Case],
    notes: str | None = None,
) -> ServiceRequest:
    """Plan a request for a time and a team of participants of the practical project."""
    offer = service_request.offer
    _require(actor, "offers.manage_service_requests", offer)
    if service_request.status not in (
        ServiceRequestStatus.REQUESTED,
        ServiceRequestStatus.SCHEDULED,
    ):
        raise ValidationError(_("This request is done or cancelled."))
    if not team:
        raise ValidationError({"team": _("Choose at least one participant for the team.")})
    day = (
        timezone.localdate(scheduled_for)
        if timezone.is_aware(scheduled_for)
        else (scheduled_for.date())
    )
    team_ids = {case.pk for case in team}
    enrolled = set(
        Enrolment.objects.filter(
            offer=offer, case_id__in=team_ids, status=EnrolmentStatus.ACTIVE, start_date__lte=day
        ).values_list("case_id", flat=True)
    )
    missing = [case for case in team if case.pk not in enrolled]
    if missing:
        raise ValidationError(
            {
                "team": _("%(name)s does not take part in this practical project on that day.")
                % {"name": missing[0]}
            }
        )
    service_request.status = ServiceRequestStatus.SCHEDULED
    service_request.scheduled_for = scheduled_for
    if notes is not None:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    service_request.team.set(team)
    return service_request


@transaction.atomic
def service_request_done(
    *,
    actor: User,
    service_request: ServiceRequest,
    expected_version: int,
    done_at: dt.datetime | None = None,
    notes: str | None = None,
) -> ServiceRequest:
    _require(actor, "offers.manage_service_requests", service_request.offer)
    if service_request.status != ServiceRequestStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled request can be marked as done."))
    done_at = done_at or timezone.now()
    if done_at > timezone.now():
        raise ValidationError({"done_at": _("A request cannot be done in the future.")})
    service_request.status = ServiceRequestStatus.DONE
    service_request.done_at = done_at
    if notes is not None:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    return service_request


@transaction.atomic
def service_request_cancel(
    *, actor: User, service_request: ServiceRequest, expected_version: int, notes: str = ""
) -> ServiceRequest:
    _require(actor, "offers.manage_service_requests", service_request.offer)
    if service_request.status in (ServiceRequestStatus.DONE, ServiceRequestStatus.CANCELLED):
        raise ValidationError(_("This request is done or cancelled."))
    service_request.status = ServiceRequestStatus.CANCELLED
    if notes:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    return service_request
