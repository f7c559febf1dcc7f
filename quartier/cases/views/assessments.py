"""Pages of assessments (Potenzialanalysen): record, correct, compare side by side."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.forms import (
    AssessmentEditForm,
    AssessmentForm,
)
from quartier.cases.models import NEED_DOMAINS, Assessment
from quartier.cases.selectors import assessments as assessment_selectors
from quartier.cases.selectors import cases as case_selectors
from quartier.cases.services import assessments as assessment_services
from quartier.cases.views.cases import _case_for_change
from quartier.core.forms import save_versioned_form
from quartier.privacy.services.access_log import access_log_record


def _same_day_unconfirmed(form, case, *, exclude=None):
    """The other assessment on the form's date when a second one there is not confirmed
    yet; the form then carries the warning and offers the confirmation."""
    other = assessment_selectors.assessment_on_day(
        case=case, day=form.cleaned_data["date"], exclude=exclude
    )
    if other is None or form.cleaned_data.get("confirm_same_day"):
        return None
    form.add_error(
        None,
        _(
            "There is already an assessment of %(date)s. If it is wrong, correct that one "
            "instead; to keep a second assessment on the same day, confirm it below and save "
            "again."
        )
        % {"date": other.date.strftime("%d.%m.%Y")},
    )
    return other


@require_http_methods(["GET", "POST"])
def assessment_create(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    previous = case.assessments.order_by("-date", "-id").first()
    form = AssessmentForm(request.POST or None, previous=previous)
    same_day = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same_day = _same_day_unconfirmed(form, case)
        if same_day is None:
            try:
                assessment_services.assessment_create(
                    actor=request.user,
                    case=case,
                    date=data["date"],
                    needs=form.needs(),
                    skills=list(data["skills"]),
                    strengths=data["strengths"],
                    notes=data["notes"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The assessment was saved."))
                return redirect("cases:assessment_list", case_pk=case.pk)
    return render(
        request,
        "cases/assessment_form.html",
        {"case": case, "form": form, "previous": previous, "same_day": same_day},
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request, case_pk: int, assessment_pk: int):
    """Correct an assessment (a wrong rating or date); optimistic-locked and audited."""
    case = _case_for_change(request, case_pk)
    assessment = get_object_or_404(
        assessment_selectors.assessments_visible_to(request.user).filter(case=case),
        pk=assessment_pk,
    )
    form = AssessmentEditForm(request.POST or None, assessment=assessment)
    same_day = None
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same_day = _same_day_unconfirmed(form, case, exclude=assessment)
        if same_day is None:
            outcome = save_versioned_form(
                form,
                lambda: assessment_services.assessment_update(
                    actor=request.user,
                    assessment=Assessment.objects.select_related("case").get(pk=assessment.pk),
                    expected_version=data["expected_version"],
                    data={
                        "date": data["date"],
                        "strengths": data["strengths"],
                        "notes": data["notes"],
                        **form.needs(),
                    },
                    skills=list(data["skills"]),
                ),
                stored=lambda: Assessment.objects.get(pk=assessment.pk),
            )
            if outcome.saved:
                messages.success(request, _("The assessment was corrected."))
                return redirect("cases:assessment_list", case_pk=case.pk)
            changes = outcome.changes
    else:
        access_log_record(actor=request.user, action="view", record=case, detail="assessment")
    return render(
        request,
        "cases/assessment_form.html",
        {
            "case": case,
            "form": form,
            "assessment": assessment,
            "same_day": same_day,
            "changes": changes,
        },
    )


def assessment_list(request, case_pk: int):
    """All assessments of a case side by side, so progress shows."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    assessments = list(assessment_selectors.assessment_list(user=request.user, case=case.pk))
    rows = [
        (
            label,
            [
                {
                    "value": getattr(a, field),
                    "change": (getattr(a, field) - getattr(assessments[i - 1], field))
                    if i
                    else None,
                }
                for i, a in enumerate(assessments)
            ],
        )
        for field, label in NEED_DOMAINS
    ]
    totals = [
        {
            "value": a.total_need,
            "change": (a.total_need - assessments[i - 1].total_need) if i else None,
        }
        for i, a in enumerate(assessments)
    ]
    access_log_record(actor=request.user, action="view", record=case, detail="assessments")
    return render(
        request,
        "cases/assessment_list.html",
        {
            "case": case,
            "assessments": assessments,
            "rows": rows,
            "totals": totals,
            "can_change": request.user.has_perm("cases.change_case", case),
        },
    )
