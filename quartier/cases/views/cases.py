"""Pages of cases: the case list with its CSV/XLSX export, the case page, changing a
case, and "my day". Also `_case_for_change`, the lookup the other case-file pages share.

Thin: reads through `cases.selectors`, writes through `cases.services`; every view of
a case page writes an access-log entry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from quartier.cases.forms import (
    CaseFilterForm,
    CaseForm,
)
from quartier.cases.models import Case, Stage
from quartier.cases.selectors import case_page as case_page_selectors
from quartier.cases.selectors import cases as case_selectors
from quartier.cases.selectors import my_day as my_day_selectors
from quartier.cases.services import cases as case_services
from quartier.cases.services import exits as exit_services
from quartier.core.forms import save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.spreadsheets import XLSX_CONTENT_TYPE, write_csv, write_xlsx
from quartier.participants.models import ConsentPurpose, Topic
from quartier.participants.selectors.consents import (
    consents_missing,
    special_categories_allowed,
)
from quartier.privacy.services.access_log import access_log_record

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
    if not request.user.has_perm("cases.list_case"):
        raise PermissionDenied(_("Only staff with a case role see cases."))
    form, filters = _filters(request)
    cases = case_selectors.case_list(user=request.user, filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    if not filters.overdue:
        case_selectors.mark_overdue(page.object_list)
    # One access-log entry per list served, with the number of rows it showed.
    access_log_record(
        actor=request.user,
        action="list",
        record=Case,
        detail=f"case list, {len(page.object_list)} rows",
    )
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "query_string": page_query(request),
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
    if not request.user.has_perm("cases.export_case"):
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
        # Dates as dates, every other cell as text, escaped: a name is never a formula.
        response = HttpResponse(
            write_xlsx(header, rows, sheet=_("Cases"), autofilter=True),
            content_type=XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="faelle-{stamp}.xlsx"'
        return response
    response = HttpResponse(
        write_csv(header, rows, excel=True), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="faelle-{stamp}.csv"'
    return response


def _case_for_change(request, case_pk: int) -> Case:
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


def case_detail(request, case_pk: int):
    """The case at a glance: who, stage, goals, follow-ups, contacts, consents, timeline."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    overview = case_page_selectors.case_overview(case=case)
    access_log_record(actor=request.user, action="view", record=case)
    participant = case.participant
    today = timezone.localdate()
    # The consent selectors read the consents `case_overview` prefetched on the participant.
    missing_consents = [
        ConsentPurpose(purpose).label for purpose in consents_missing(participant, on=today)
    ]
    topic_labels = dict(Topic.choices)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "participant": participant,
            "o": overview,
            "today": today,
            "special_allowed": special_categories_allowed(participant),
            "missing_consents": missing_consents,
            "survey_allowed": exit_services.survey_contact_allowed(case),
            "topic_labels": topic_labels,
            "latest_assessment": overview.latest_assessment,
            "stages": Stage.choices,
            "age": participant.age_on(today),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    form = CaseForm(request.POST or None, instance=case)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = Case.objects.select_related("participant").get(pk=case.pk)
        outcome = save_versioned_form(
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
            return redirect("cases:case_detail", case_pk=case.pk)
        changes = outcome.changes
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "changes": changes})


def my_day(request):
    """'Mein Tag' as a page of its own (the start page shows the same for case staff)."""
    return render(request, "cases/my_day.html", my_day_selectors.my_day(user=request.user))
