"""The exit of a case, undoing it, and the six-month survey after exit (Nachbefragung)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.forms import (
    ExitForm,
    SixMonthSurveyForm,
)
from quartier.cases.models import Case
from quartier.cases.services import exits as exit_services
from quartier.cases.views.cases import _case_for_change
from quartier.core.forms import save_versioned_form


@require_http_methods(["GET", "POST"])
def case_exit(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    if case.exit_date:
        messages.info(request, _("This case is already closed."))
        return redirect("cases:case_detail", case_pk=case.pk)
    form = ExitForm(request.POST or None, initial={"expected_version": case.version})
    changes = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("expected_version")
        fresh = Case.objects.select_related("participant").get(pk=case.pk)
        outcome = save_versioned_form(
            form,
            lambda: exit_services.case_exit(
                actor=request.user, case=fresh, expected_version=expected, **data
            ),
            stored=lambda: Case.objects.get(pk=case.pk),
        )
        changes = outcome.changes
        if outcome.saved:
            if exit_services.survey_contact_allowed(fresh, on=data["exit_date"]):
                messages.success(
                    request,
                    _("The exit was recorded. A six-month follow-up is due on %(date)s.")
                    % {"date": (data["exit_date"] + exit_services.SIX_MONTHS).strftime("%d.%m.%Y")},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The exit was recorded. There is no valid consent for contact after "
                        "leaving, so no six-month follow-up was planned."
                    ),
                )
            return redirect("cases:case_detail", case_pk=case.pk)
    return render(request, "cases/exit_form.html", {"case": case, "form": form, "changes": changes})


@require_http_methods(["GET", "POST"])
def case_exit_undo(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    if request.method == "POST":
        try:
            exit_services.case_exit_undo(
                actor=request.user,
                case=case,
                expected_version=int(request.POST.get("expected_version", 0)),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The exit was undone; the case is open again."))
        return redirect("cases:case_detail", case_pk=case.pk)
    return render(request, "cases/exit_undo.html", {"case": case})


@require_http_methods(["GET", "POST"])
def six_month_survey(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    if case.exit_date is None:
        messages.info(request, _("The six-month follow-up is recorded after the exit."))
        return redirect("cases:case_detail", case_pk=case.pk)
    initial = {
        "expected_version": case.version,
        "employed": case.followup_6m_employed,
        "better_situation": case.followup_6m_better_situation,
    }
    # A prefill offered by another record (a stabilisation check-in near exit + 6
    # months): only shown in the form, saved only when the user saves it.
    prefill_from = request.GET.get("prefill_from", "")
    if prefill_from and not case.followup_6m_recorded_on:
        for field in ("employed", "better_situation"):
            if request.GET.get(field) in ("yes", "no", "unknown"):
                initial[field] = request.GET[field]
    form = SixMonthSurveyForm(request.POST or None, initial=initial)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: exit_services.case_record_six_month_survey(
                actor=request.user,
                case=Case.objects.get(pk=case.pk),
                expected_version=data["expected_version"],
                employed=data["employed"],
                better_situation=data["better_situation"],
                recorded_on=data["recorded_on"],
            ),
            stored=lambda: Case.objects.get(pk=case.pk),
        )
        if outcome.saved:
            messages.success(request, _("The six-month follow-up was recorded."))
            return redirect("cases:case_detail", case_pk=case.pk)
        changes = outcome.changes
    earliest = exit_services.six_month_survey_earliest(case.exit_date)
    return render(
        request,
        "cases/six_month_survey_form.html",
        {
            "case": case,
            "form": form,
            "changes": changes,
            "earliest": earliest,
            "prefill_from": prefill_from
            if initial["employed"] != case.followup_6m_employed
            or initial["better_situation"] != case.followup_6m_better_situation
            else "",
        },
    )
