"""Pages of the case file: the list, the case page and the forms around it.

Thin: reads through `cases.selectors`, writes through `cases.services`; every view of
a case page writes an access-log entry.
"""

import csv
import io

import xlsxwriter
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from quartier.cases.forms import (
    AssessmentEditForm,
    AssessmentForm,
    CaseFilterForm,
    CaseForm,
    ContactForm,
    ExitForm,
    FollowUp6mForm,
    FollowUpForm,
    GoalFormSet,
    PlanForm,
)
from quartier.cases.models import NEED_DOMAINS, Assessment, Case, Plan, Stage
from quartier.cases.selectors import assessments as assessment_selectors
from quartier.cases.selectors import case_page as case_page_selectors
from quartier.cases.selectors import cases as case_selectors
from quartier.cases.selectors import contacts as contact_selectors
from quartier.cases.selectors import follow_ups as follow_up_selectors
from quartier.cases.selectors import my_day as my_day_selectors
from quartier.cases.services import assessments as assessment_services
from quartier.cases.services import cases as case_services
from quartier.cases.services import contacts as contact_services
from quartier.cases.services import exits as exit_services
from quartier.cases.services import follow_ups as follow_up_services
from quartier.cases.services import plans as plan_services
from quartier.core.forms import save_versioned
from quartier.participants.models import ConsentPurpose, Topic
from quartier.participants.selectors import projects_with_case_role
from quartier.participants.services import special_categories_allowed
from quartier.privacy.services import access_log_record
from quartier.reports.spreadsheets import safe_cell

PAGE_SIZE = 25
EXPORT_LIMIT = 100_000


def _filters(request) -> tuple[CaseFilterForm, case_selectors.CaseFilter]:
    projects, staff, districts = case_selectors.case_filter_choices(request.user)
    form = CaseFilterForm(
        request.GET or None,
        projects=projects,
        staff=staff,
        districts=districts,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, case_selectors.CaseFilter(
            query=data["q"].strip(),
            project=data["project"],
            stage=data["stage"],
            responsible=data["responsible"],
            district=data["district"],
            target_group=data["target_group"],
            overdue=data["overdue"],
            entry_from=data["entry_from"],
            entry_to=data["entry_to"],
            show_exited=data["show_exited"],
            sort=data["sort"] or case_selectors.DEFAULT_CASE_SORT,
        )
    return form, case_selectors.CaseFilter()


def case_list(request):
    """All cases the user may see, filtered, searched, sorted and paginated in SQL."""
    if not request.user.is_platform_admin and not projects_with_case_role(request.user).exists():
        raise PermissionDenied(_("Only staff with a case role see cases."))
    form, filters = _filters(request)
    cases = case_selectors.case_list(user=request.user, filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    if not filters.overdue:
        case_selectors.mark_overdue(page.object_list)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "query_string": query_string.urlencode(),
        "today": timezone.localdate(),
    }
    if request.htmx:
        return render(request, "cases/case_list.html#results", context)
    return render(request, "cases/case_list.html", context)


EXPORT_COLUMNS = (
    ("external_id", gettext_lazy("participant number")),
    ("last_name", gettext_lazy("last name")),
    ("first_name", gettext_lazy("first name")),
    ("project", gettext_lazy("project")),
    ("stage", gettext_lazy("stage")),
    ("responsible", gettext_lazy("responsible staff member")),
    ("district", gettext_lazy("district")),
    ("entry_date", gettext_lazy("entry date")),
    ("exit_date", gettext_lazy("exit date")),
    ("overdue", gettext_lazy("overdue follow-ups")),
)


def case_list_export(request, file_format: str):
    """The list the user sees (same filters and order), as CSV or XLSX."""
    if not request.user.is_platform_admin and not projects_with_case_role(request.user).exists():
        raise PermissionDenied
    _form, filters = _filters(request)
    cases = case_selectors.case_list(user=request.user, filters=filters, with_overdue=True)[
        :EXPORT_LIMIT
    ]
    header = [str(label) for _key, label in EXPORT_COLUMNS]
    rows = [
        [
            case.participant.external_id,
            case.participant.last_name,
            case.participant.first_name,
            case.project.name,
            case.get_stage_display(),
            (case.responsible.full_name or case.responsible.email) if case.responsible else "",
            case.participant.district.name if case.participant.district else "",
            case.entry_date,
            case.exit_date,
            _("yes") if case.has_overdue else _("no"),
        ]
        for case in cases.iterator(chunk_size=2000)
    ]
    access_log_record(
        actor=request.user,
        action="export",
        record=Case,
        detail=f"case list {file_format}, {len(rows)} rows",
    )
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
        )
        sheet = workbook.add_worksheet(_("Cases")[:31])
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
        bold = workbook.add_format({"bold": True})
        for column, label in enumerate(header):
            sheet.write_string(0, column, safe_cell(label), bold)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if hasattr(value, "strftime"):
                    sheet.write_datetime(number, column, _as_datetime(value), date_format)
                elif value is not None:
                    # Every text cell as text, escaped: a name is never a formula.
                    sheet.write_string(number, column, safe_cell(str(value)))
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
        workbook.close()
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="faelle-{stamp}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([safe_cell(label) for label in header])
    for row in rows:
        writer.writerow(
            [
                "" if v is None else v.isoformat() if hasattr(v, "isoformat") else safe_cell(str(v))
                for v in row
            ]
        )
    response = HttpResponse(
        ("\ufeff" + text.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="faelle-{stamp}.csv"'
    return response


def _as_datetime(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def _case_for_change(request, pk: int) -> Case:
    case = case_selectors.case_get(user=request.user, pk=pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


def case_detail(request, pk: int):
    """The case at a glance: who, stage, goals, follow-ups, contacts, consents, timeline."""
    case = case_selectors.case_get(user=request.user, pk=pk)
    overview = case_page_selectors.case_overview(case=case)
    access_log_record(actor=request.user, action="view", record=case)
    participant = case.participant
    consents_by_purpose = {}
    for consent in overview.consents:
        consents_by_purpose.setdefault(consent.purpose, consent)
    missing_consents = [
        label
        for purpose, label in ConsentPurpose.choices
        if purpose in (ConsentPurpose.COUNSELLING, ConsentPurpose.FOLLOWUP_CONTACT)
        and purpose not in consents_by_purpose
    ]
    topic_labels = dict(Topic.choices)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "participant": participant,
            "o": overview,
            "today": timezone.localdate(),
            "special_allowed": special_categories_allowed(participant),
            "missing_consents": missing_consents,
            "followup_allowed": exit_services.followup_contact_allowed(case),
            "topic_labels": topic_labels,
            "latest_assessment": overview.assessments[-1] if overview.assessments else None,
            "stages": Stage.choices,
            "age": participant.age_on(timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _case_for_change(request, pk)
    form = CaseForm(request.POST or None, instance=case)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = Case.objects.select_related("participant").get(pk=case.pk)
        outcome = save_versioned(
            form,
            lambda: case_services.case_update(
                actor=request.user,
                case=fresh,
                expected_version=data["expected_version"],
                stage=data["stage"],
                responsible=data["responsible"],
                entry_date=data["entry_date"],
            ),
            stored=lambda: Case.objects.get(pk=case.pk),
        )
        if outcome.saved:
            messages.success(request, _("The case was saved."))
            return redirect("cases:case_detail", pk=case.pk)
        changes = outcome.changes
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "changes": changes})


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
def assessment_create(request, pk: int):
    case = _case_for_change(request, pk)
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
                return redirect("cases:assessment_list", pk=case.pk)
    return render(
        request,
        "cases/assessment_form.html",
        {"case": case, "form": form, "previous": previous, "same_day": same_day},
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int, assessment_pk: int):
    """Correct an assessment (a wrong rating or date); optimistic-locked and audited."""
    case = _case_for_change(request, pk)
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
            outcome = save_versioned(
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
                return redirect("cases:assessment_list", pk=case.pk)
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


def assessment_list(request, pk: int):
    """All assessments of a case side by side, so progress shows."""
    case = case_selectors.case_get(user=request.user, pk=pk)
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


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    """The Förderplan with its goals, in one form; a stale plan is refused as a whole."""
    case = _case_for_change(request, pk)
    plan = Plan.objects.filter(case=case).first()
    goals = list(plan.goals.order_by("position", "id")) if plan else []
    initial_goals = [
        {
            "id": g.pk,
            "title": g.title,
            "steps": g.steps,
            "due_date": g.due_date,
            "status": g.status,
            "responsible": g.responsible,
        }
        for g in goals
    ]
    form = PlanForm(
        request.POST or None,
        initial={
            "expected_version": plan.version if plan else 0,
            "agreed_on": plan.agreed_on if plan else None,
            "summary": plan.summary if plan else "",
        },
    )
    formset = GoalFormSet(request.POST or None, initial=initial_goals, prefix="goals")
    changes = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = []
        for goal_form in formset:
            data = goal_form.cleaned_data
            if not data or (not data.get("id") and not data.get("title")):
                continue
            items.append({**data, "delete": data.get("DELETE", False)})
        refused_against = []  # the plan as stored, read only after a stale save

        def stored_plan():
            refused_against.append(Plan.objects.filter(case=case).first())
            return refused_against[0]

        outcome = save_versioned(
            form,
            lambda: plan_services.plan_save(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["expected_version"],
                agreed_on=form.cleaned_data["agreed_on"],
                summary=form.cleaned_data["summary"],
                goals=items,
            ),
            stored=stored_plan,
        )
        if outcome.saved:
            messages.success(request, _("The plan was saved."))
            return redirect("cases:case_detail", pk=case.pk)
        changes = outcome.changes
        if refused_against and refused_against[0]:
            changes += [(_("Goal"), goal.title, "") for goal in refused_against[0].goals.all()]
    return render(
        request,
        "cases/plan_form.html",
        {"case": case, "plan": plan, "form": form, "formset": formset, "changes": changes},
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, pk: int):
    case = _case_for_change(request, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.contact_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/contact_form.html", {"case": case, "form": form})


def contact_list(request, pk: int):
    case = case_selectors.case_get(user=request.user, pk=pk)
    contacts = contact_selectors.contact_list(user=request.user, case=case.pk)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, action="view", record=case, detail="contacts")
    return render(
        request,
        "cases/contact_list.html",
        {
            "case": case,
            "page": page,
            "hours": case_page_selectors.case_hours(case),
            "topic_labels": dict(Topic.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def follow_up_create(request, pk: int):
    case = _case_for_change(request, pk)
    form = FollowUpForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_services.follow_up_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up was added."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/follow_up_form.html", {"case": case, "form": form})


@require_POST
def follow_up_toggle(request, pk: int):
    """Tick a follow-up off (or back on); with htmx only the row is re-rendered."""
    follow_up = get_object_or_404(
        follow_up_selectors.follow_ups_visible_to(request.user).select_related(
            "case", "case__participant", "assigned_to"
        ),
        pk=pk,
    )
    if not request.user.has_perm("cases.change_case", follow_up.case):
        raise PermissionDenied
    done = request.POST.get("done") == "1"
    follow_up_services.follow_up_set_done(actor=request.user, follow_up=follow_up, done=done)
    if request.htmx:
        return render(
            request,
            "cases/_follow_up_row.html",
            {
                "item": follow_up,
                "today": timezone.localdate(),
                "show_case": request.POST.get("show_case") == "1",
            },
        )
    if done:
        messages.success(request, _("Marked as done."))
    else:
        messages.success(request, _("Marked as not done."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("cases:case_detail", pk=follow_up.case_id)


@require_http_methods(["GET", "POST"])
def case_exit(request, pk: int):
    case = _case_for_change(request, pk)
    if case.exit_date:
        messages.info(request, _("This case is already closed."))
        return redirect("cases:case_detail", pk=case.pk)
    form = ExitForm(request.POST or None, initial={"expected_version": case.version})
    changes = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("expected_version")
        fresh = Case.objects.select_related("participant").get(pk=case.pk)
        outcome = save_versioned(
            form,
            lambda: exit_services.case_exit(
                actor=request.user, case=fresh, expected_version=expected, **data
            ),
            stored=lambda: Case.objects.get(pk=case.pk),
        )
        changes = outcome.changes
        if outcome.saved:
            if exit_services.followup_contact_allowed(fresh, on=data["exit_date"]):
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
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/exit_form.html", {"case": case, "form": form, "changes": changes})


@require_http_methods(["GET", "POST"])
def case_exit_undo(request, pk: int):
    case = _case_for_change(request, pk)
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
        return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/exit_undo.html", {"case": case})


@require_http_methods(["GET", "POST"])
def followup_6m(request, pk: int):
    case = _case_for_change(request, pk)
    if case.exit_date is None:
        messages.info(request, _("The six-month follow-up is recorded after the exit."))
        return redirect("cases:case_detail", pk=case.pk)
    form = FollowUp6mForm(
        request.POST or None,
        initial={
            "expected_version": case.version,
            "employed": case.followup_6m_employed,
            "better_situation": case.followup_6m_better_situation,
        },
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned(
            form,
            lambda: exit_services.case_record_followup_6m(
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
            return redirect("cases:case_detail", pk=case.pk)
        changes = outcome.changes
    earliest = exit_services.followup_6m_earliest(case.exit_date)
    return render(
        request,
        "cases/followup_6m_form.html",
        {"case": case, "form": form, "changes": changes, "earliest": earliest},
    )


def my_day(request):
    """'Mein Tag' as a page of its own (the start page shows the same for case staff)."""
    return render(request, "cases/my_day.html", my_day_selectors.my_day(user=request.user))
