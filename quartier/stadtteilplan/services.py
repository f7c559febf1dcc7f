"""Writes of the public offer map: a resident's appointment request becomes a first
contact (`FirstContact`, status "request") of the project, and the project's inbox
hears of it by e-mail, without any personal data in the e-mail.

There is no acting user: the resident has no account. The caller (the view) has
checked the spam protection; these functions check what the data must satisfy.

The spam and forgery protection of the public appointment request (the second half of
this module, below "Spam and forgery protection"):

- **Form token**: a signed, timestamped value in a hidden field (`issue_token`). A
  submission faster than `MIN_SECONDS` (a bot) or older than `MAX_SECONDS` (a stale
  page) is turned back with a friendly message; a token can be used once (`claim`).
- **Rate limit** per address: counters under a keyed hash (HMAC with SECRET_KEY) of
  the client's address, never the address itself. IPv6 addresses count per /64
  network, which one household or phone usually holds.

Used tokens and counters live in the database (`models`), which every worker process
shares, with or without REDIS_URL; each check-and-use is one atomic statement (an
INSERT against a unique constraint, a conditional UPDATE), so that requests arriving
at the same moment in several workers cannot use a token twice or pass a limit.
- **Same-site check**: a POST that a browser marks as coming from another site
  (`Sec-Fetch-Site`, `Origin`) is refused; this replaces Django's CSRF cookie.

A honeypot field lives in the form (`forms.HONEYPOT`).
"""

import datetime as dt
import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.core.models import District, Project, Role
from quartier.core.network import client_ip
from quartier.core.tenancy import memberships_with_role
from quartier.offers.models import Offer, OfferKind
from quartier.offers.selectors.offers import published_offers
from quartier.participants.models import Channel, FirstContact, Topic
from quartier.stadtteilplan.language import SPOKEN_LANGUAGES
from quartier.stadtteilplan.models import RequestCounter, UsedRequestToken
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


# Spam and forgery protection ----------------------------------------------------------
# Form token

TOKEN_SALT = "quartier.stadtteilplan.request-token"
#: Faster than this (seconds from showing the form to sending it) only a bot types.
MIN_SECONDS = 3
#: A form older than this (seconds) is sent again with a fresh token.
MAX_SECONDS = 2 * 60 * 60

#: Appointment requests one address may send per hour. A café whose guests share one
#: Wi-Fi address may need more: QUARTIER_REQUESTS_PER_HOUR.
APPOINTMENT_REQUESTS_PER_HOUR = getattr(settings, "QUARTIER_REQUESTS_PER_HOUR", 5)
#: Form submissions (valid or not) one address may make per hour.
SUBMISSIONS_PER_HOUR = getattr(settings, "QUARTIER_REQUEST_SUBMISSIONS_PER_HOUR", 30)
WINDOW_SECONDS = 60 * 60


class TokenError(Exception):
    """The form token cannot be accepted; `code` says why: invalid, too_fast, expired."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Token:
    nonce: str
    scope: str
    issued_at: int


def issue_token(scope: str, *, now: float | None = None) -> str:
    """A fresh token for a form about `scope` (which district or offer)."""
    issued_at = int(time.time() if now is None else now)
    nonce = secrets.token_urlsafe(12)
    return signing.Signer(salt=TOKEN_SALT).sign(f"{nonce}:{scope}:{issued_at}")


def check_token(value: str, scope: str, *, now: float | None = None) -> Token:
    """The token if it was issued by us for `scope` between MIN_SECONDS and MAX_SECONDS
    ago; TokenError otherwise."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign(value or "")
        nonce, token_scope, issued = payload.rsplit(":", 2)
        issued_at = int(issued)
    except (signing.BadSignature, ValueError) as error:
        raise TokenError("invalid") from error
    if token_scope != scope:
        raise TokenError("invalid")
    age = (time.time() if now is None else now) - issued_at
    if age < MIN_SECONDS:
        raise TokenError("too_fast")
    if age > MAX_SECONDS:
        raise TokenError("expired")
    return Token(nonce=nonce, scope=token_scope, issued_at=issued_at)


def _forget_expired(now: dt.datetime) -> None:
    """Delete used tokens that would be refused as expired anyway, and counters whose
    window has ended."""
    UsedRequestToken.objects.filter(
        used_at__lt=now - dt.timedelta(seconds=MAX_SECONDS + 60)
    ).delete()
    RequestCounter.objects.filter(
        window_start__lt=now - dt.timedelta(seconds=WINDOW_SECONDS)
    ).delete()


def claim(token: Token, *, now: dt.datetime | None = None) -> bool:
    """Mark the token as used; False if it was used already (a double submit), also by
    a request in another worker at the same moment: the unique nonce admits one."""
    now = now or timezone.now()
    _forget_expired(now)
    try:
        with transaction.atomic():
            UsedRequestToken.objects.create(nonce=token.nonce, used_at=now)
    except IntegrityError:
        return False
    return True


def release(token: Token) -> None:
    """Give a claimed token back (its request could not be stored)."""
    UsedRequestToken.objects.filter(nonce=token.nonce).delete()


# Rate limit ---------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address (quartier.core.network.client_ip, which honours
    PROXY_COUNT); an IPv6 address counts as its /64 network."""
    address = client_ip(request)
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_key(request) -> str:
    """A keyed hash of the client's address: the database never holds the address."""
    return salted_hmac(
        "quartier.stadtteilplan.address", client_address(request), algorithm="sha256"
    ).hexdigest()[:40]


def _counter_key(request, name: str) -> str:
    return f"{name}:{address_key(request)}"


def _window_start(now: dt.datetime) -> dt.datetime:
    """Windows that started after this are still running."""
    return now - dt.timedelta(seconds=WINDOW_SECONDS)


def count(request, name: str, *, now: dt.datetime | None = None) -> int:
    """How often `name` happened from this address in the current window."""
    now = now or timezone.now()
    found = RequestCounter.objects.filter(
        key=_counter_key(request, name), window_start__gt=_window_start(now)
    ).values_list("count", flat=True)
    return next(iter(found), 0)


def take(request, name: str, limit: int | None, *, now: dt.datetime | None = None) -> bool:
    """Count one more `name` from this address, if that stays within `limit` in the
    current window (None: no limit); False, counting nothing, when the limit is
    reached. The window starts with the first count and lasts WINDOW_SECONDS.

    Atomic across workers: counting is one conditional UPDATE (the database locks the
    row and checks the condition again after a concurrent update); starting a window
    is an UPDATE of an ended one or an INSERT against the unique key, and whoever
    loses that race counts in the window the other one started."""
    now = now or timezone.now()
    key = _counter_key(request, name)
    running = RequestCounter.objects.filter(key=key, window_start__gt=_window_start(now))
    below = running if limit is None else running.filter(count__lt=limit)
    if below.update(count=F("count") + 1):
        return True
    if running.exists():
        # A window runs, perhaps started by another worker since the update above: the
        # conditional update decides again (it found no row then, or the limit reached).
        return bool(below.update(count=F("count") + 1))
    if limit is not None and limit < 1:
        return False
    ended = RequestCounter.objects.filter(key=key, window_start__lte=_window_start(now))
    if ended.update(window_start=now, count=1):
        return True
    try:
        with transaction.atomic():
            RequestCounter.objects.create(key=key, window_start=now, count=1)
    except IntegrityError:
        return bool(below.update(count=F("count") + 1))
    return True


def record(request, name: str) -> None:
    """Count one more `name` from this address, without a limit."""
    take(request, name, None)


def give_back(request, name: str) -> None:
    """Uncount one `name` (what was counted did not happen after all)."""
    RequestCounter.objects.filter(key=_counter_key(request, name), count__gt=0).update(
        count=F("count") - 1
    )


def is_limited(request) -> bool:
    """Whether this address has sent enough for this hour."""
    return (
        count(request, "sent") >= APPOINTMENT_REQUESTS_PER_HOUR
        or count(request, "submitted") >= SUBMISSIONS_PER_HOUR
    )


# Same-site check -------------------------------------------------------------------


def is_cross_site(request) -> bool:
    """Whether the browser says this POST comes from a page of another site.

    Browsers send `Sec-Fetch-Site` (same-origin, same-site, cross-site, none) and, with
    a POST, `Origin`. Either one naming another site refuses the request; a request
    without both (an old browser, a script) passes here and still needs a valid form
    token."""
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site and site not in {"same-origin", "none"}:
        return True
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        own = f"{request.scheme}://{request.get_host()}"
        trusted = set(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
        if origin.lower() != own.lower() and origin not in trusted:
            return True
    return False
