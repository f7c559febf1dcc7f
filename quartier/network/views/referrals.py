"""Pages of the sender's side of referrals: a draft from the case, its page with the
dated events, sending (with the consent check), cancelling, the letter to a partner
without Quartier, an assignment that came in from outside, and the list of the
referrals of the user's cases (for the network coach and the project lead, the
project's referrals without any person's data).

Thin: reads through `network.selectors.referrals`, writes through
`network.services.referrals`; a foreign id is a 404, a refused permission a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quartier.cases.selectors import cases as case_selectors
from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.core.pdf import render_pdf
from quartier.network.forms.referrals import (
    AssignmentForm,
    CancelForm,
    ReferralFilterForm,
    ReferralForm,
    SendForm,
)
from quartier.network.models import (
    DeclineReason,
    Direction,
    NotCompletedReason,
    Outcome,
    Referral,
    ReferralState,
    SharedField,
)
from quartier.network.selectors import referrals as selectors
from quartier.network.services import referrals as services
from quartier.network.workdays import working_days_between
from quartier.privacy.services.access_log import access_log_record

#: What the codes in an event's reason mean.
EVENT_REASONS = {
    **dict(DeclineReason.choices),
    **dict(NotCompletedReason.choices),
    **dict(Outcome.choices),
}


def _event_reason(code: str) -> str:
    special = {
        "override": _("sent without consent (justified by the project lead)"),
        "assignment": _("assignment received"),
        "no_answer": _("no answer in time"),
        "consent_withdrawn": _("consent withdrawn"),
        "consent_expired": _("consent expired"),
        "consent_ended": _("consent no longer holds"),
    }
    return str(EVENT_REASONS.get(code) or special.get(code) or code)


def _shared(fields, data=None) -> list[tuple[str, str]]:
    """(label, value) of the shared fields, in the order of `SharedField`."""
    rows = []
    for field in SharedField:
        if field in (fields or ()) or (data and field in data):
            rows.append((str(field.label), (data or {}).get(field, "")))
    return rows


def _posted(request):
    """The form data of a POST (an empty one too: it shows the required fields)."""
    return request.POST if request.method == "POST" else None


def _check_can_refer(request, case) -> None:
    if not request.user.has_perm("network.refer_case", case):
        raise PermissionDenied


# --- From the case -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def referral_create(request, case_pk: int):
    """A draft referral of the case to a partner; sending is the next step."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    _check_can_refer(request, case)
    form = ReferralForm(
        _posted(request),
        recipients=selectors.recipient_choices(case),
        offers=selectors.offer_choices(case),
        purpose=request.GET.get("purpose", ""),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(actor=request.user, case=case, draft=form.draft())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The draft was saved. Nothing is shared until you send it."),
            )
            return redirect("network:referral_detail", referral_pk=referral.pk)
    return render(request, "network/referrals/referral_form.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def assignment_create(request, case_pk: int):
    """Record an assignment that came in from outside (Zuweisung)."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    _check_can_refer(request, case)
    form = AssignmentForm(
        _posted(request),
        senders=selectors.assignment_sender_choices(case),
        offers=selectors.offer_choices(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.assignment_record(
                actor=request.user, case=case, assignment=form.assignment()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The assignment was recorded; it waits for your answer."))
            return redirect("network:referral_detail", referral_pk=referral.pk)
    return render(request, "network/referrals/assignment_form.html", {"case": case, "form": form})


# --- One referral --------------------------------------------------------------------


def _log(request, referral: Referral, action: str, detail: str) -> None:
    access_log_record(
        actor=request.user,
        action=action,
        record=referral,
        project_id=referral.project_id,
        organisation_id=referral.case.organisation_id,
        detail=detail,
    )


def _events(referral: Referral, feedback: bool) -> list[dict]:
    """The dated events; the partner's reasons and notes only with its feedback."""
    rows = []
    for event in selectors.referral_events(referral):
        by_partner = (
            event.organisation_id == referral.recipient_id
            and referral.direction == Direction.OUTGOING
            and not event.recorded_by_sender
        )
        hidden = by_partner and not feedback
        rows.append(
            {
                "event": event,
                "reason": "" if hidden or not event.reason else _event_reason(event.reason),
                "note": "" if hidden else event.note,
                "hidden": hidden and bool(event.reason or event.note),
            }
        )
    return rows


def _answer_actions(referral: Referral) -> list[tuple[str, str]]:
    if referral.state == ReferralState.SENT:
        return [("accept", _("Record: accepted")), ("decline", _("Record: declined"))]
    if referral.state == ReferralState.ACCEPTED:
        return [
            ("complete", _("Record: completed")),
            ("not-completed", _("Record: not completed")),
        ]
    return []


@require_GET
def referral_detail(request, referral_pk: int):
    referral = selectors.referral_for_sender(request.user, referral_pk)
    user = request.user
    if not user.has_perm("network.view_referral", referral):
        raise PermissionDenied
    _log(request, referral, "view", "referral")
    feedback = selectors.feedback_visible(referral)
    answered_here = referral.by_letter or referral.direction == Direction.INCOMING
    can_answer = answered_here and user.has_perm("network.answer_referral", referral)
    return render(
        request,
        "network/referrals/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "events": _events(referral, feedback),
            "feedback": feedback,
            "shared": _shared(
                referral.shared_fields,
                referral.shared_data if referral.state != ReferralState.DRAFT else None,
            ),
            "can_send": referral.state == ReferralState.DRAFT
            and user.has_perm("network.refer_case", referral.case),
            "can_cancel": user.has_perm("network.cancel_referral", referral),
            "can_answer": can_answer,
            "answer_actions": _answer_actions(referral) if can_answer else [],
            "has_letter": referral.by_letter and referral.state != ReferralState.DRAFT,
        },
    )


@require_http_methods(["GET", "POST"])
def referral_send(request, referral_pk: int):
    """What will be shared, the consent that covers it (or, without one, the way to
    record it and the project lead's justification), and the button that sends."""
    referral = selectors.referral_for_sender(request.user, referral_pk)
    case = referral.case
    _check_can_refer(request, case)
    if referral.state != ReferralState.DRAFT and request.method == "GET":
        messages.info(request, _("This referral has already been sent."))
        return redirect("network:referral_detail", referral_pk=referral.pk)
    consent = services.sharing_consent(case, referral.recipient_id, referral.purpose)
    may_override = consent is None and request.user.has_perm("network.refer_without_consent", case)
    form = SendForm(
        _posted(request),
        initial={"expected_version": referral.version},
        may_override=may_override,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_send(
                actor=request.user,
                referral=referral,
                override_justification=form.cleaned_data.get("override_justification", ""),
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code == "state":
                messages.error(request, error.messages[0])
                return redirect("network:referral_detail", referral_pk=referral.pk)
            if code != "no_consent":  # shown above the form already
                add_service_error(form, error)
        else:
            referral.refresh_from_db()
            if referral.by_letter:
                messages.success(
                    request,
                    _(
                        "The referral was sent. %(partner)s does not use Quartier: print "
                        "the letter and send it; record the answer here when it comes."
                    )
                    % {"partner": referral.recipient},
                )
            else:
                messages.success(
                    request,
                    _("The referral was sent to %(partner)s.") % {"partner": referral.recipient},
                )
            return redirect("network:referral_detail", referral_pk=referral.pk)
    consent_url = ""
    if consent is None:
        consent_url = (
            reverse("participants:consent_create", args=[case.participant_id])
            + "?"
            + urlencode({"partner": referral.recipient_id, "referral_purpose": referral.purpose})
        )
    return render(
        request,
        "network/referrals/referral_send.html",
        {
            "referral": referral,
            "case": case,
            "form": form,
            "consent": consent,
            "no_consent": services.no_consent_error(referral).messages[0]
            if consent is None
            else "",
            "consent_url": consent_url,
            "may_override": may_override,
            "shared": _shared(referral.shared_fields),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_cancel(request, referral_pk: int):
    """Withdraw a referral, after asking: the partner's access ends with it."""
    referral = selectors.referral_for_sender(request.user, referral_pk)
    # A POST goes on to the service, which says why (or refuses) for itself.
    if request.method == "GET" and not request.user.has_perm("network.cancel_referral", referral):
        messages.info(
            request,
            _("This referral is %(state)s: it can no longer be cancelled.")
            % {"state": referral.get_state_display()},
        )
        return redirect("network:referral_detail", referral_pk=referral.pk)
    form = CancelForm(_posted(request), initial={"expected_version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_cancel(
                actor=request.user,
                referral=referral,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The referral was cancelled."))
            return redirect("network:referral_detail", referral_pk=referral.pk)
    return render(
        request,
        "network/referrals/referral_cancel.html",
        {"referral": referral, "case": referral.case, "form": form},
    )


@require_GET
def referral_letter(request, referral_pk: int):
    """The letter to the partner (in German): the sent packet and a reply form."""
    referral = selectors.referral_for_sender(request.user, referral_pk)
    if referral.state == ReferralState.DRAFT or referral.direction == Direction.INCOMING:
        messages.info(request, _("There is a letter only for a referral that was sent."))
        return redirect("network:referral_detail", referral_pk=referral.pk)
    with translation.override("de"):
        context = {
            "referral": referral,
            "sender": referral.sender_organisation,
            "organisation": referral.sender_organisation,
            "project": referral.project,
            "recipient": referral.recipient,
            "packet": _shared((), referral.shared_data),
            "today": timezone.localdate(),
            "purpose": referral.get_purpose_display(),
            "decline_reasons": [str(label) for _value, label in DeclineReason.choices],
            "outcomes": [str(label) for _value, label in Outcome.choices],
            "not_completed_reasons": [str(label) for _value, label in NotCompletedReason.choices],
        }
        pdf = render_pdf("network/referrals/pdf/letter.html", context, request=request)
    _log(request, referral, "print", "referral letter")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"ueberleitung-{referral.pk}-{referral.recipient.name}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The list ------------------------------------------------------------------------


@require_GET
def referral_list(request):
    """The referrals of the user's cases; for the network coach (and the project lead
    on `?ansicht=netzwerk`) the project's referrals without any person's data."""
    user = request.user
    sender_side = user.has_perm("network.list_case_referrals")
    network_side = user.has_perm("network.list_network_referrals")
    if not sender_side and not network_side:
        raise PermissionDenied(_("Referrals are for the case staff and the network coach."))
    network_view = not sender_side or (network_side and request.GET.get("ansicht") == "netzwerk")
    scope = (
        selectors.referrals_of_network(user)
        if network_view
        else (selectors.referrals_of_visible_cases(user))
    )
    filter_form = ReferralFilterForm(
        request.GET or None,
        organisations=selectors.referral_organisations(scope),
        with_search=not network_view,
    )
    filters = filter_form.filters() if request.GET else {}
    case_pk = request.GET.get("fall", "")
    if network_view:
        rows = selectors.network_referral_rows(user=user, **filters)
    else:
        rows = selectors.referral_rows(
            user=user, case=int(case_pk) if case_pk.isdigit() else None, **filters
        )
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for referral in page.object_list:
        referral.days_waiting = (
            working_days_between(timezone.localdate(referral.sent_at), today)
            if referral.state == ReferralState.SENT and referral.sent_at
            else None
        )
    return render(
        request,
        "network/referrals/referral_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "filtered": any(filters.values()) or case_pk.isdigit(),
            "query_string": page_query(request),
            "network_view": network_view,
            "may_switch": sender_side and network_side,
            "case_pk": case_pk if case_pk.isdigit() else "",
            "nav_active": "referrals",
        },
    )
