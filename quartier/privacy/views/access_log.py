"""The access log for the data-protection officer and the organisation admin: who read,
listed, exported, printed or changed which participant's data, filterable per
participant (`?participant=<id>`) and per staff member (`?user=<id>`), by action, date
and project; and its export as CSV or XLSX, itself recorded in the access log. Thin:
reads through `privacy.selectors.access_log`."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.pagination import page_query
from quartier.core.spreadsheets import XLSX_CONTENT_TYPE, write_csv, write_xlsx
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors import access_log as selectors
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 50
#: At most this many entries in one export (the filters narrow it down).
EXPORT_LIMIT = 50_000
FILE_FORMATS = ("csv", "xlsx")


def _require_privacy(request) -> None:
    if not request.user.has_perm("privacy.view_privacy"):
        raise PermissionDenied(
            _("The access log is for the data-protection officer and the organisation admin.")
        )


def access_log(request):
    _require_privacy(request)
    found = selectors.access_log_filter(user=request.user, filters=request.GET)
    entries = selectors.access_log_list(user=request.user, filters=request.GET)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.access_log_rows(list(page.object_list))
    filtered = any(request.GET.get(name) for name in found.filters)
    return render(
        request,
        "privacy/access_log.html",
        {
            "page": page,
            "form": found.form,
            "filtered": filtered,
            "query_string": page_query(request),
            "export_query": page_query(request),
            "nav_active": "privacy",
        },
    )


def access_log_export(request, file_format: str):
    """The entries the page shows (same filters), all of them up to `EXPORT_LIMIT`."""
    _require_privacy(request)
    if file_format not in FILE_FORMATS:
        raise Http404
    entries = selectors.access_log_list(user=request.user, filters=request.GET)[:EXPORT_LIMIT]
    rows = selectors.access_log_export_rows(list(entries))
    participant = request.GET.get("participant", "")
    access_log_record(
        actor=request.user,
        action=AccessLogEntry.Action.EXPORT,
        record=AccessLogEntry,
        participant_id=int(participant) if participant.isdigit() else None,
        detail=f"access log {file_format}, {len(rows)} rows",
    )
    header = [str(label) for label in selectors.EXPORT_HEADER]
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        response = HttpResponse(
            write_xlsx(header, rows, sheet=_("Access log"), autofilter=True),
            content_type=XLSX_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(
            write_csv(header, rows, excel=True), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="zugriffsprotokoll-{stamp}.{file_format}"'
    )
    return response
