"""The recipient's side of referrals: the inbox of the open referrals to the user's
organisations, one referral's frozen packet, and the answers (accept, decline,
complete, not completed).

The answer page also serves the sender's side: the case's staff record the answer of
a partner that got a letter, and answer an assignment that came in from outside.

A referral is found for the recipient only through `referral_for_recipient`: closed,
foreign, or with a withdrawn or expired consent, it is a 404, like one that does not
exist. The recipient sees the packet and nothing else of the case.
"""

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.network.forms.answers import ANSWER_FORMS, InboxFilterForm
from quartier.network.models import Direction, Referral
from quartier.network.selectors import inbox as selectors
from quartier.network.selectors.referrals import referral_for_recipient, referral_for_sender
from quartier.network.services import referrals as services
from quartier.privacy.services.access_log import access_log_record

#: The service of each answer, by the URL's `action`.
ANSWER_SERVICES = {
    "accept": services.referral_accept,
    "decline": services.referral_decline,
    "complete": services.referral_complete,
    "not-completed": services.referral_not_completed,
}
TITLES = {
    "accept": gettext_lazy("Accept the referral"),
    "decline": gettext_lazy("Decline the referral"),
    "complete": gettext_lazy("Record: completed"),
    "not-completed": gettext_lazy("Record: not completed"),
}
DONE = {
    "accept": gettext_lazy("The referral was accepted."),
    "decline": gettext_lazy("The referral was declined."),
    "complete": gettext_lazy("The referral was recorded as completed."),
    "not-completed": gettext_lazy("The referral was recorded as not completed."),
}


def _require_inbox(request) -> None:
    if not request.user.has_perm("network.view_inbox"):
        raise PermissionDenied(
            _("Only the staff of an organisation that receives referrals see this inbox.")
        )


@require_GET
def inbox(request):
    _require_inbox(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    referrals = selectors.inbox_list(user=request.user, day=today, **filters)
    page = Paginator(referrals, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"referral": referral, "overdue": selectors.is_overdue(referral, today)}
        for referral in page.object_list
    ]
    return render(
        request,
        "network/inbox/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(filters),
            "query_string": page_query(request),
            "nav_active": "inbox",
        },
    )


@require_GET
def inbox_detail(request, referral_pk: int):
    referral = referral_for_recipient(request.user, referral_pk)
    if not request.user.has_perm("network.view_referral", referral):
        raise Http404
    access_log_record(actor=request.user, action="view", record=referral, detail="referral packet")
    return render(
        request,
        "network/inbox/detail.html",
        {
            "referral": referral,
            "packet": selectors.packet_rows(referral),
            "events": selectors.recipient_events(referral),
            "overdue": selectors.is_overdue(referral),
            "actions": _actions(referral),
            "nav_active": "inbox",
        },
    )


def _actions(referral: Referral) -> list[str]:
    """The answers that fit the referral's state."""
    return [action for action, states in selectors.ACTIONS.items() if referral.state in states]


def sender_page(referral: Referral) -> str:
    """The sender's page of the referral (`network:referral_detail`, the referrals
    area's page; its agreed path while that page is not there)."""
    try:
        return reverse("network:referral_detail", args=[referral.pk])
    except NoReverseMatch:
        return f"/ueberleitungen/{referral.pk}/"


def _answerable(request, referral_pk: int) -> tuple[Referral, bool]:
    """The referral and whether the user answers it as its recipient; a 404 for a
    referral the user may not answer (the sender side only for a letter or an
    assignment from outside)."""
    referral, as_recipient = None, False
    if request.user.has_perm("network.view_inbox"):
        with suppress(Http404):
            referral, as_recipient = referral_for_recipient(request.user, referral_pk), True
    if referral is None:
        referral = referral_for_sender(request.user, referral_pk)
    if not request.user.has_perm("network.answer_referral", referral):
        raise Http404
    return referral, as_recipient


@require_http_methods(["GET", "POST"])
def referral_answer(request, referral_pk: int, action: str):
    if action not in ANSWER_FORMS:
        raise Http404
    referral, as_recipient = _answerable(request, referral_pk)
    back = (
        reverse("network:inbox_detail", args=[referral.pk])
        if as_recipient
        else sender_page(referral)
    )
    if referral.state not in selectors.ACTIONS[action]:
        messages.info(
            request,
            _("This referral is %(state)s: it cannot be answered this way now.")
            % {"state": referral.get_state_display()},
        )
        return redirect(back)
    form_class = ANSWER_FORMS[action]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                ANSWER_SERVICES[action](actor=request.user, referral=referral, **form.answer())
            except ValidationError as error:
                code = getattr(error, "code", None)
                if code in ("state", "no_consent"):
                    # Someone answered first, or the consent went: nothing changed.
                    messages.error(request, " ".join(error.messages))
                    referral.refresh_from_db()
                    still_open = code == "state" and referral.is_open
                    return redirect(back if still_open else _after(referral, as_recipient))
                add_service_error(form, error)
            else:
                messages.success(request, DONE[action])
                return redirect(_after(referral, as_recipient))
    else:
        form = form_class(initial={"expected_version": referral.version})
        if as_recipient:
            access_log_record(
                actor=request.user, action="view", record=referral, detail="referral answer"
            )
    return render(
        request,
        "network/inbox/answer.html",
        {
            "referral": referral,
            "form": form,
            "action": action,
            "title": TITLES[action],
            "as_recipient": as_recipient,
            "by_letter": referral.by_letter and referral.direction == Direction.OUTGOING,
            "is_assignment": referral.direction == Direction.INCOMING,
            "back": back,
            "danger": action in ("decline", "not-completed"),
            "nav_active": "inbox" if as_recipient else "cases",
        },
    )


def _after(referral: Referral, as_recipient: bool) -> str:
    """Where an answer leads: the inbox for the recipient, the referral's page for the
    sender."""
    return reverse("network:inbox") if as_recipient else sender_page(referral)
