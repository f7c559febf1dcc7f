"""Pages for consents and the project's consent texts. Thin: selectors read, services
write.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error
from quartier.core.models import Project
from quartier.core.selectors import project_get
from quartier.participants.forms import (
    ConsentForm,
    ConsentsForm,
    ConsentTextForm,
    ConsentWithdrawForm,
)
from quartier.participants.models import PARTNER_PURPOSES, ConsentPurpose, ConsentText
from quartier.participants.selectors.consents import consents_visible_to, guardian_needed
from quartier.participants.selectors.participants import participant_rows
from quartier.participants.services import consents as services


@require_http_methods(["GET", "POST"])
def consent_create(request, participant_pk: int):
    """Record consents: the purposes signed on one form together (one consent each), or,
    with `?purpose=partner_sharing` (or a referral's `?partner=`), one consent to share
    with a partner or receive its feedback."""
    participant = get_object_or_404(participant_rows(request.user), pk=participant_pk)
    if not request.user.has_perm("cases.change_case", participant.case):
        raise PermissionDenied
    # A referral without consent links here with the partner and purpose to name.
    initial = {}
    if request.GET.get("partner", "").isdigit():
        initial = {
            "purpose": ConsentPurpose.PARTNER_SHARING,
            "partner": int(request.GET["partner"]),
            "referral_purposes": request.GET.getlist("referral_purpose"),
        }
    elif request.GET.get("purpose") in PARTNER_PURPOSES:
        initial = {"purpose": request.GET["purpose"]}
    partner_mode = bool(initial) or request.POST.get("purpose") in PARTNER_PURPOSES
    if partner_mode:
        form = ConsentForm(request.POST or None, participant=participant, initial=initial)
    else:
        form = ConsentsForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if partner_mode:
                services.consent_record(
                    actor=request.user,
                    participant=participant,
                    purpose=data["purpose"],
                    form=data["form"],
                    text_version=data["text_version"],
                    given_on=data["given_on"],
                    partner=data.get("partner"),
                    referral_purposes=data.get("referral_purposes") or [],
                    valid_until=data.get("valid_until"),
                    guardian_name=data.get("guardian_name") or "",
                    guardian_relation=data.get("guardian_relation") or "",
                    guardian_reached=data.get("guardian_reached") or "",
                )
            else:
                services.consents_record(
                    actor=request.user, participant=participant, **form.consent_data()
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:case_detail", case_pk=participant.case.pk)
    return render(
        request,
        "participants/consent_form.html",
        {
            "form": form,
            "participant": participant,
            "partner_mode": partner_mode,
            "guardian_needed": guardian_needed(participant),
        },
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, consent_pk: int):
    consent = get_object_or_404(
        consents_visible_to(request.user).select_related("participant", "participant__case"),
        pk=consent_pk,
    )
    participant = consent.participant
    if not request.user.has_perm("cases.change_case", participant.case):
        raise PermissionDenied
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return redirect("cases:case_detail", case_pk=participant.case.pk)
    return render(
        request,
        "participants/consent_withdraw.html",
        {"form": form, "consent": consent, "participant": participant},
    )


@require_http_methods(["GET", "POST"])
def consent_texts(request, slug: str):
    """The project's consent texts per purpose; the lead adds new versions."""
    try:
        project = project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project, or you have no role in it.")) from error
    can_edit = request.user.has_perm("core.change_project_details", project)
    if not (can_edit or request.user.has_perm("cases.add_case", project)):
        raise PermissionDenied
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.consent_text_create(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The new version of the consent text was saved."))
                return redirect("participants:consent_texts", slug=project.slug)
    texts = ConsentText.objects.filter(project=project).order_by("purpose", "-valid_from", "-id")
    grouped = [
        (label, [t for t in texts if t.purpose == value]) for value, label in ConsentPurpose.choices
    ]
    return render(
        request,
        "participants/consent_texts.html",
        {"project": project, "grouped": grouped, "form": form, "can_edit": can_edit},
    )
