"""Writes of the public offer map: a resident's appointment request becomes a first
contact (`FirstContact`, status "request") of the project, and the project's inbox
hears of it by e-mail, without any personal data in the e-mail; requests that did not
lead to taking part are deleted after the retention period.

There is no acting user: the resident has no account. The caller (the view) has
checked the spam protection (`services.spam_protection`); these functions check what
the data must satisfy.
"""

import datetime as dt
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.core.models import District, Project, Role
from quartier.core.tenancy import memberships_with_role
from quartier.offers.models import Offer, OfferKind
from quartier.offers.selectors.offers import published_offers
from quartier.participants.models import Channel, FirstContact, Topic
from quartier.stadtteilplan.language import SPOKEN_LANGUAGES
from quartier.stadtteilplan.selectors import appointment_request_projects, district_offers

logger = logging.getLogger(__name__)

#: Requests that did not lead to taking part are deleted this long after they arrived
#: (the consent text promises it; `appointment_requests_expire` does it).
APPOINTMENT_REQUEST_RETENTION_DAYS = 183

#: What a request for an offer of this kind is about, for the first contact's topics.
KIND_TOPICS = {
    OfferKind.QUALIFICATION_MODULE: [Topic.QUALIFICATION],
    OfferKind.COURSE: [Topic.QUALIFICATION],
    OfferKind.WORKSHOP: [Topic.QUALIFICATION],
    OfferKind.PRACTICAL_PROJECT: [Topic.QUALIFICATION],
    OfferKind.WORK_OPPORTUNITY: [Topic.JOB_SEARCH],
}


#: How the resident wants to be reached (the form's choice, which the service checks).
class ReachBy:
    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"
    CHOICES = [
        (PHONE, _("By phone")),
        (EMAIL, _("By e-mail")),
        (VISIT, _("I will come by")),
    ]


_NATIVE = dict(SPOKEN_LANGUAGES)


def language_label(code: str) -> str:
    """The language's name as the staff read it (German), e.g. "Arabisch"; languages
    Django has no name for keep their own name."""
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return _NATIVE.get(code, code)
    with translation.override(settings.LANGUAGE_CODE):
        return str(info["name_translated"])


def _reach_text(reach_by: str, phone: str, email: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if reach_by == ReachBy.PHONE:
            return gettext("phone: %(number)s") % {"number": phone}
        if reach_by == ReachBy.EMAIL:
            return gettext("e-mail: %(address)s") % {"address": email}
        return gettext("will come by in person")


def _place(district: District, offer: Offer | None) -> str:
    limit = FirstContact._meta.get_field("place").max_length
    if offer is None:
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("Offer map %(district)s") % {"district": district.name}
    else:
        places = [location.name for location in offer.locations.all()[:1]]
        text = " · ".join([offer.title, *places])
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def appointment_request_create(
    *,
    district: District,
    offer: Offer | None,
    project: Project | None = None,
    name: str,
    reach_by: str,
    phone: str = "",
    email: str = "",
    language: str,
    message: str = "",
) -> FirstContact:
    """Store a resident's appointment request as a first contact with status "request".

    For an offer: the offer's project and organisation. For a general request to the
    district: `project` (one of `appointment_request_projects(district)`), taken by its lead
    organisation. The project's inbox is notified once the transaction is committed."""
    if offer is not None:
        in_district = published_offers().filter(
            pk=offer.pk, pk__in=district_offers(district, "de").values("pk")
        )
        if not in_district.exists():
            raise ValidationError(_("This offer is not on the map of this district."))
        project, organisation = offer.project, offer.organisation
    else:
        if (
            project is None
            or not appointment_request_projects(district).filter(pk=project.pk).exists()
        ):
            raise ValidationError(_("This project does not take requests for this district."))
        organisation = project.lead_organisation
    if reach_by not in {ReachBy.PHONE, ReachBy.EMAIL, ReachBy.VISIT}:
        raise ValidationError(_("Choose how we can reach you."))
    if reach_by == ReachBy.PHONE and not phone:
        raise ValidationError(_("Please enter your phone number, or choose another way."))
    if reach_by == ReachBy.EMAIL and not email:
        raise ValidationError(_("Please enter your e-mail address, or choose another way."))
    first_contact = FirstContact(
        project=project,
        organisation=organisation,
        date=timezone.localdate(),
        channel=Channel.REQUEST,
        status=FirstContact.Status.REQUEST,
        place=_place(district, offer),
        topics=[str(topic) for topic in KIND_TOPICS.get(offer.kind, [])] if offer else [],
        language=language_label(language),
        name=name,
        reach=_reach_text(reach_by, phone, email),
        notes=message,
    )
    first_contact.full_clean()
    first_contact.save()
    logger.info(
        "Appointment request %s stored for project %s, organisation %s.",
        first_contact.pk,
        project.pk,
        organisation.pk,
    )
    from quartier.stadtteilplan.tasks import notify_appointment_request

    pk = first_contact.pk
    transaction.on_commit(lambda: notify_appointment_request.enqueue(pk))
    return first_contact


# Notification -------------------------------------------------------------------------


def inbox_addresses(first_contact: FirstContact) -> list[str]:
    """Where a request is announced: the organisation's e-mail address and the project
    leads of that organisation (the people who see its first contacts), each once."""
    addresses = [first_contact.organisation.email]
    addresses += (
        memberships_with_role(
            first_contact.project_id, Role.PROJECT_LEAD, organisation=first_contact.organisation_id
        )
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    seen, result = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def first_contact_list_url(project: Project) -> str:
    """The staff's first-contact list, showing the requests, as an absolute address."""
    path = reverse("participants:first_contact_list")
    query = urlencode({"status": FirstContact.Status.REQUEST, "project": project.slug})
    return f"{settings.QUARTIER_BASE_URL}{path}?{query}"


def appointment_request_notify(*, first_contact: FirstContact) -> int:
    """E-mail the project's inbox that a request arrived. Only the project's name and
    a link: no name, no way to reach, no message (e-mail is no safe channel for social
    data). Returns how many e-mails were sent."""
    project = first_contact.project
    recipients = inbox_addresses(first_contact)
    if not recipients:
        logger.warning(
            "Appointment request %s: no e-mail address to notify (organisation %s).",
            first_contact.pk,
            first_contact.organisation_id,
        )
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"project": project, "url": first_contact_list_url(project)}
        subject = gettext("New appointment request for %(project)s") % {"project": project.name}
        text = render_to_string("stadtteilplan/email/appointment_request.txt", context)
    for address in recipients:
        send_mail(subject, text, None, [address])
    logger.info(
        "Appointment request %s announced to %s address(es).", first_contact.pk, len(recipients)
    )
    return len(recipients)


# Retention ----------------------------------------------------------------------------


@transaction.atomic
def appointment_requests_expire(*, today: dt.date | None = None) -> int:
    """Delete appointment requests from the offer map older than the retention period
    that did not become a participant (the consent text promises it). Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=APPOINTMENT_REQUEST_RETENTION_DAYS)
    expired = FirstContact.objects.filter(
        channel=Channel.REQUEST, participant__isnull=True, date__lt=cutoff
    ).exclude(status=FirstContact.Status.CONVERTED)
    deleted, _by_model = expired.delete()
    if deleted:
        logger.info("%s appointment request(s) older than %s deleted.", deleted, cutoff)
    return deleted
