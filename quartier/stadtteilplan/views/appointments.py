"""Appointment requests ("Termin anfragen") from residents: for one offer, or to the
project working in the district; and the confirmation page.

The form is sent without Django's CSRF protection on purpose: that protection needs a
cookie, and the public map sets none but the language choice. A forged request here
would not act with anyone's rights (the resident has no account); what it could do is
send spam, and that is stopped by the signed, timestamped form token, the honeypot,
the rate limit per address (see `services.spam_protection`), and by refusing POSTs the browser
marks as coming from another site (`Sec-Fetch-Site`, `Origin`).

Nothing personal is logged, and nothing personal goes into a URL: the confirmation
page gets only a signed reference to the project (Post/Redirect/Get).
"""

import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.models import Project
from quartier.stadtteilplan import selectors
from quartier.stadtteilplan.forms import HONEYPOT, AppointmentRequestForm
from quartier.stadtteilplan.language import content_language, html_lang
from quartier.stadtteilplan.services import appointments as appointment_services
from quartier.stadtteilplan.services import spam_protection
from quartier.stadtteilplan.views.pages import public_context

logger = logging.getLogger(__name__)

THANKS_SALT = "quartier.stadtteilplan.request-thanks"


def _scope(district, offer) -> str:
    return f"{district.slug}/{offer.public_id}" if offer else district.slug


def _thanks_url(district, project, offer) -> str:
    # Signed, not timestamped: the same request always leads to the same page.
    reference = signing.Signer(salt=THANKS_SALT).sign_object(
        {"p": project.pk if project else None, "o": str(offer.public_id) if offer else None}
    )
    return (
        reverse("stadtteilplan:appointment_request_thanks", args=[district.slug])
        + f"?r={reference}"
    )


def _refusal(request, district, offer, *, status: int, reason: str):
    """The friendly page for a refused request: 403 (another site) or 429 (too many)."""
    context = public_context(district, "list") | {
        "offer": offer,
        "reason": reason,
        "contact_points": selectors.contact_points(district),
    }
    response = render(
        request, "stadtteilplan/appointment_request_refused.html", context, status=status
    )
    if status == 429:
        response["Retry-After"] = str(spam_protection.WINDOW_SECONDS)
    return response


def _too_many(request, district, offer):
    logger.info("Appointment request refused: rate limit of one address reached.")
    return _refusal(request, district, offer, status=429, reason="too_many")


def _chosen_project(form, projects, offer):
    """The offer's project, or the one a (valid or bot) submission names, else the first."""
    if offer is not None:
        return offer.project
    chosen = form.cleaned_data.get("project") if hasattr(form, "cleaned_data") else None
    if chosen is None and "project" in form.data:
        chosen = next((p for p in projects if str(p.pk) == form.data.get("project")), None)
    return chosen or (projects[0] if projects else None)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def appointment_request_create(request, district, offer=None):
    """Ask for an appointment: for one offer, or to the district's project.

    csrf_exempt: Django's CSRF check needs a cookie, and the public pages set no
    cookie but the language. The form is protected instead by its signed, timestamped
    one-time token and by refusing cross-site POSTs (`Sec-Fetch-Site`/`Origin`); see
    the module docstring.

    never_cache: the form's one-time token must not be served twice, neither by a
    proxy nor by the browser's back button (a fresh page gets a fresh token)."""
    district = selectors.public_district_get(district)
    offer = selectors.public_offer_get(district, offer) if offer else None
    language = content_language()
    projects = [] if offer else list(selectors.appointment_request_projects(district))
    scope = _scope(district, offer)
    context = public_context(district, "list") | {
        "offer": offer,
        "text": offer.text_in(language) if offer else None,
        "projects": projects,
        "contact_points": [] if (offer or projects) else selectors.contact_points(district),
    }
    if offer is None and not projects:
        # Nobody takes requests here online: the page says who to contact instead.
        return render(request, "stadtteilplan/appointment_request_form.html", context)
    form_options = {"scope": scope, "projects": projects, "message_required": offer is None}
    if request.method == "POST":
        if spam_protection.is_cross_site(request):
            logger.info("Appointment request refused: sent from another site.")
            return _refusal(request, district, offer, status=403, reason="cross_site")
        if spam_protection.is_limited(request) or not spam_protection.take(
            request, "submitted", spam_protection.SUBMISSIONS_PER_HOUR
        ):
            return _too_many(request, district, offer)
        form = AppointmentRequestForm(request.POST, **form_options)
        if form.is_bot:
            form.is_valid()
            spam_protection.record(request, "sent")
            logger.info("Appointment request dropped: honeypot field %r filled.", HONEYPOT)
            return redirect(_thanks_url(district, _chosen_project(form, projects, offer), offer))
        if form.is_valid():
            if not spam_protection.claim(form.token):
                # The same form sent twice (a double click): one request, same answer.
                return redirect(
                    _thanks_url(district, _chosen_project(form, projects, offer), offer)
                )
            if not spam_protection.take(
                request, "sent", spam_protection.APPOINTMENT_REQUESTS_PER_HOUR
            ):
                # Others from this address were stored meanwhile (in other workers).
                spam_protection.release(form.token)
                return _too_many(request, district, offer)
            data = form.cleaned_data
            try:
                first_contact = appointment_services.appointment_request_create(
                    district=district,
                    offer=offer,
                    project=data.get("project") or (projects[0] if projects else None),
                    name=data["name"],
                    reach_by=data["reach_by"],
                    phone=data["phone"],
                    email=data["email"],
                    language=data["language"],
                    message=data["message"],
                )
            except ValidationError as error:
                spam_protection.release(form.token)
                spam_protection.give_back(request, "sent")
                form.add_error(None, error)
            else:
                return redirect(_thanks_url(district, first_contact.project, offer))
    else:
        form = AppointmentRequestForm(
            initial={"language": html_lang(), "reach_by": ""}, **form_options
        )
    form.describe_help()
    context |= {
        "form": form,
        "token": spam_protection.issue_token(scope),
        "honeypot": form[HONEYPOT],
        "lead_organisation": projects[0].lead_organisation if len(projects) == 1 else None,
    }
    return render(request, "stadtteilplan/appointment_request_form.html", context)


@require_GET
def appointment_request_thanks(request, district):
    """The confirmation, in the resident's language. A missing or altered reference
    shows the general confirmation."""
    district = selectors.public_district_get(district)
    project = offer = None
    try:
        reference = signing.Signer(salt=THANKS_SALT).unsign_object(request.GET.get("r", ""))
    except signing.BadSignature:
        reference = {}
    if isinstance(reference, dict):
        if reference.get("p"):
            project = Project.objects.filter(pk=reference["p"]).first()
        if reference.get("o"):
            offer = (
                selectors.district_offers(district, content_language())
                .filter(public_id=reference["o"])
                .first()
            )
    context = public_context(district, "list") | {
        "project": project,
        "offer": offer,
        "text": offer.text_in(content_language()) if offer else None,
        "organisations": selectors.project_contacts(project) if project else [],
    }
    return render(request, "stadtteilplan/appointment_request_thanks.html", context)
