"""Pages of the consent register: the register with its filters, a consent's withdrawal
in one step (confirmation, then POST), the consent texts' versions with how often each
was signed. Thin: the selectors in `privacy.selectors.consents` read, the participants
app's `consent_withdraw` service writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.forms import add_service_error
from quartier.core.pagination import page_query
from quartier.participants.forms import ConsentWithdrawForm
from quartier.participants.models import Consent
from quartier.participants.services.consents import consent_withdraw as withdraw
from quartier.privacy.selectors import consents as selectors
from quartier.privacy.services.access_log import access_log_record


def _require_privacy(request) -> None:
    if not request.user.has_perm("privacy.view_privacy"):
        raise PermissionDenied


@require_GET
def consent_register(request):
    """Every consent of the participants the user answers for, filtered."""
    _require_privacy(request)
    rows, register_filter = selectors.consent_register(user=request.user, filters=request.GET)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(
        actor=request.user,
        action="view",
        record=Consent,
        detail=f"consent register, {len(page.object_list)} rows",
    )
    return render(
        request,
        "privacy/consent_register.html",
        {
            "page": page,
            "filter_form": register_filter.form,
            "filtered": selectors.register_filtered(request.GET),
            "query_string": page_query(request),
        },
    )


def _back(request, consent) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if request.user.has_perm("privacy.view_privacy"):
        return f"{reverse('privacy:consent_register')}?participant={consent.participant_id}"
    return reverse("cases:case_detail", args=[consent.participant.case.pk])


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, consent_pk: int):
    """GET: what the withdrawal stops, with the date (today); POST: withdraw. A second
    withdrawal changes nothing and says so."""
    consent = selectors.consent_for_withdrawal(user=request.user, pk=consent_pk)
    if not request.user.has_perm("privacy.withdraw_consent", consent):
        raise PermissionDenied
    form = ConsentWithdrawForm(request.POST or None)
    back = _back(request, consent)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The withdrawal was recorded and is effective now."))
            return redirect(back)
    return render(
        request,
        "privacy/consent_withdraw.html",
        {
            "form": form,
            "consent": consent,
            "participant": consent.participant,
            "effects": selectors.withdrawal_effects(consent),
            "back": back,
        },
    )


@require_GET
def consent_texts(request):
    """The consent texts of the user's projects, each version with how often it was
    signed (and withdrawn) by the participants the user answers for."""
    _require_privacy(request)
    return render(
        request,
        "privacy/consent_texts.html",
        {"projects": selectors.consent_texts_with_counts(user=request.user)},
    )
