"""Pages of the reports: the project dashboard, the district profile, the ESF Plus
indicators and the downloads for funders.

Thin: the figures come from `reports.selectors` (and `reports.indicators`), the files
from `reports.selectors.exports`. Who may open what is in `reports.rules`; counts pass through
a `SmallCells` that suppresses the small ones for evaluators.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartier.core import selectors as core_selectors
from quartier.core.models import District, Project
from quartier.participants.models import Participant
from quartier.privacy.services.access_log import access_log_record
from quartier.reports.forms import PRESETS, ReportFilterForm
from quartier.reports.indicators import (
    EXACT,
    GENDER_LABELS,
    IndicatorReport,
    indicator_access,
    indicator_report,
)
from quartier.reports.selectors import district as district_selectors
from quartier.reports.selectors import exports
from quartier.reports.selectors.dashboard import project_dashboard
from quartier.reports.selectors.scope import ReportScope, projects_reported_to
from quartier.reports.views.display import SmallCells, bar_chart, dashboard_charts


def _report_project(request, slug: str) -> tuple[Project, SmallCells]:
    """The project if the user may open its reports, and how its counts are shown.
    Unknown, or not one of the user's projects: 404. One of theirs, but a role without
    reports (network coach, employer liaison, organisation admin): 403."""
    try:
        project = core_selectors.project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project, or you have no role in it.")) from error
    access = indicator_access(user=request.user, project=project)
    if access is None:
        raise PermissionDenied(_("Your role in this project does not include its reports."))
    return project, SmallCells.for_viewer(exact=access == EXACT)


def _presets(request) -> list[tuple[str, str, str]]:
    """(value, label, query string) of the period links; the district is kept."""
    links = []
    for value, label in PRESETS:
        query = request.GET.copy()
        for name in ("date_from", "date_to", "period"):
            query.pop(name, None)
        query["period"] = value
        links.append((value, label, query.urlencode()))
    return links


@require_GET
def report_list(request):
    """The projects whose reports the user may open, with links to each report."""
    projects = projects_reported_to(request.user).order_by("name")
    return render(
        request, "reports/report_list.html", {"projects": projects, "nav_active": "reports"}
    )


@require_GET
def dashboard(request, slug: str):
    project, cells = _report_project(request, slug)
    form = ReportFilterForm(
        request.GET or None, project=project, districts=District.objects.filter(projects=project)
    )
    context = {
        "project": project,
        "form": form,
        "cells": cells,
        "presets": _presets(request),
        "districts": project.districts.all(),
        "nav_active": "reports",
        "can_export_list": request.user.has_perm("reports.export_participant_list", project),
    }
    chosen = form.chosen()
    if chosen is not None:
        period, district = chosen
        scope = ReportScope(
            project=project, date_from=period.date_from, date_to=period.date_to, district=district
        )
        board = project_dashboard(scope)
        context["form"] = form.for_display(period, district)
        context |= {
            "period": period,
            "funded_note": exports.funded_period_note(scope.funded),
            "district": district,
            "board": board,
            "export_query": _export_query(period, district),
            **dashboard_charts(board, cells),
        }
    return render(request, "reports/dashboard.html", context)


def _export_query(period, district) -> str:
    query = QueryDict(mutable=True)
    query["period"] = period.preset
    if period.date_from:
        query["date_from"] = period.date_from.isoformat()
    if period.date_to:
        query["date_to"] = period.date_to.isoformat()
    if district is not None:
        query["district"] = district.slug
    return query.urlencode()


@require_GET
def district_profile(request, slug: str, district_slug: str):
    project, cells = _report_project(request, slug)
    try:
        district = district_selectors.project_district(project=project, slug=district_slug)
    except District.DoesNotExist as error:
        raise Http404(_("This district is not one of the project's districts.")) from error
    form = ReportFilterForm(request.GET or None, project=project)
    context = {
        "project": project,
        "district": district,
        "form": form,
        "cells": cells,
        "presets": _presets(request),
        "nav_active": "reports",
    }
    chosen = form.chosen()
    if chosen is not None:
        period, _district = chosen
        scope = ReportScope(
            project=project, date_from=period.date_from, date_to=period.date_to, district=district
        )
        profile = district_selectors.district_profile(scope)
        context["form"] = form.for_display(period, None)
        context |= {
            "period": period,
            "funded_note": exports.funded_period_note(scope.funded),
            "profile": profile,
            "reach_chart": bar_chart(
                [(row.label, row.count) for row in profile.reach], cells, css="reach"
            ),
        }
    return render(request, "reports/district_profile.html", context)


@require_GET
def indicators(request, slug: str):
    """The ESF Plus common indicators of the period by gender, with the six-month
    follow-up coverage and BIWAQ HF1 beside them, and the report's downloads."""
    project, cells = _report_project(request, slug)
    form = ReportFilterForm(request.GET or None, project=project)
    context = {
        "project": project,
        "form": form,
        "cells": cells,
        "presets": _presets(request),
        "nav_active": "reports",
    }
    chosen = form.chosen()
    if chosen is not None:
        period, _district = chosen
        report = _indicator_report(project, period, cells)
        context |= {
            "form": form.for_display(period, None),
            "period": period,
            "funded_note": exports.funded_period_note(report.funded),
            "report": report,
            "rows": list(report.rows()),
            "programme_rows": list(report.programme_rows()),
            "columns": [(key, GENDER_LABELS[key]) for key in exports.REPORT_COLUMNS],
            "coverage": exports.followup_coverage(report.followup_6m),
            "export_query": _export_query(period, None),
        }
    return render(request, "reports/indicators.html", context)


def _indicator_report(project: Project, period, cells: SmallCells) -> IndicatorReport:
    report = indicator_report(project=project, date_from=period.date_from, date_to=period.date_to)
    return report.suppressed(cells.threshold) if cells.suppress else report


@require_GET
def indicator_report_download(request, slug: str, file_format: str):
    """The indicator report for the funder as XLSX or PDF (suppressed for evaluators)."""
    project, cells = _report_project(request, slug)
    if file_format not in exports.REPORT_FORMATS:
        raise Http404
    form = ReportFilterForm(request.GET or None, project=project)
    chosen = form.chosen()
    if chosen is None:
        return _bad_filter(request, project, form)
    period, _district = chosen
    report = _indicator_report(project, period, cells)
    if file_format == "pdf":
        download = exports.indicator_report_pdf(report, request=request)
    else:
        download = exports.indicator_report_xlsx(report)
    return _download(download.content, download.content_type, download.filename)


@require_GET
def participant_list_export(request, slug: str, file_format: str):
    """The participant list (INDICATORS.md section 1) of the participants the lead may
    see who take part in the period, for the funder's portal. Evaluators and every
    role without the permission get a 404: the list is personal data."""
    try:
        project = core_selectors.project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404 from error
    if file_format not in exports.LIST_FORMATS or not request.user.has_perm(
        "reports.export_participant_list", project
    ):
        raise Http404
    form = ReportFilterForm(request.GET or None, project=project)
    chosen = form.chosen()
    if chosen is None:
        return _bad_filter(request, project, form)
    period, _district = chosen
    export = exports.participant_list(
        user=request.user,
        project=project,
        date_from=period.date_from,
        date_to=period.date_to,
        file_format=file_format,
    )
    access_log_record(
        actor=request.user,
        action="export",
        record=Participant,
        project_id=project.pk,
        detail=(
            f"participant list for the funder ({file_format}, "
            f"{period.date_from or '…'}–{period.date_to or '…'}): {export.rows} rows"
        ),
    )
    return _download(export.content, export.content_type, export.filename)


def _bad_filter(request, project: Project, form) -> HttpResponse:
    """A download asked for with a wrong period: the reason, and the way back."""
    return render(
        request,
        "reports/bad_filter.html",
        {"project": project, "form": form, "nav_active": "reports"},
        status=400,
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
