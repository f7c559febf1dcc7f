"""Erasing a person (Art. 17) and the erasure log. Thin: the selector plans, the
service erases."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.privacy.forms.erasure import ErasureForm
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.erasure import (
    access_log_kept_until,
    erasure_log,
    erasure_plan,
)
from quartier.privacy.selectors.persons import persons_visible_to
from quartier.privacy.services.access_log import access_log_record
from quartier.privacy.services.erasure import participant_erase

PAGE_SIZE = 50


def _after_erasure(request: ErasureRequest) -> str:
    """The result (this page again: what was kept, why, until when, to tell the person);
    once nothing is left of the person, their page (area dpo) or the erasure log."""
    if request.participant_id is not None:
        return reverse("privacy:person_erase", args=[request.participant_id])
    return reverse("privacy:erasure_log")


@require_http_methods(["GET", "POST"])
def person_erase(request, participant_pk: int):
    participant = get_object_or_404(
        persons_visible_to(request.user).select_related("project", "case"), pk=participant_pk
    )
    if not request.user.has_perm("privacy.erase_person", participant):
        raise PermissionDenied
    today = timezone.localdate()
    plan = erasure_plan(participant, on=today)
    if plan.previous is not None:
        if request.method == "POST":
            messages.info(request, _("This person was already erased."))
            return redirect(_after_erasure(plan.previous))
        kept = [
            {**item, "until": date.fromisoformat(item["until"])}
            for item in plan.previous.kept
            if item.get("until")
        ]
        return render(
            request,
            "privacy/person_erase.html",
            {"participant": participant, "plan": plan, "form": None, "kept": kept},
        )
    form = ErasureForm(
        request.POST or None,
        initial={"received_on": today, "channel": ErasureRequest.Channel.IN_PERSON},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = participant_erase(
                actor=request.user,
                participant=participant,
                received_on=form.cleaned_data["received_on"],
                channel=form.cleaned_data["channel"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_erased":
                messages.info(request, _("This person was already erased."))
                return redirect(reverse("privacy:person_erase", args=[participant.pk]))
            add_service_error(form, error)
        else:
            request_ = result.request
            if request_.state == ErasureRequest.State.REMOVED:
                messages.success(
                    request,
                    _("The person was erased completely (%(pseudonym)s): no rule keeps any of it.")
                    % {"pseudonym": request_.pseudonym},
                )
            else:
                messages.success(
                    request,
                    _(
                        "The person was erased (%(pseudonym)s). What the retention rules "
                        "keep stays until %(until)s and is removed then."
                    )
                    % {
                        "pseudonym": request_.pseudonym,
                        "until": request_.keep_until.strftime("%d.%m.%Y"),
                    },
                )
            return redirect(_after_erasure(request_))
    else:
        access_log_record(
            actor=request.user,
            action=AccessLogEntry.Action.VIEW,
            record=participant,
            detail="erasure plan",
        )
    return render(
        request,
        "privacy/person_erase.html",
        {
            "participant": participant,
            "plan": plan,
            "form": form,
            "today": today,
            "access_log_until": access_log_kept_until(today),
        },
    )


@require_http_methods(["GET"])
def erasure_log_view(request):
    if not request.user.has_perm("privacy.view_privacy"):
        raise PermissionDenied
    entries, log_filter = erasure_log(user=request.user, filters=request.GET)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/erasure_log.html",
        {
            "page": page,
            "filter_form": log_filter.form,
            "query_string": page_query(request),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
        },
    )
