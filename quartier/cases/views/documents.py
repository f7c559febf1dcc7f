"""Pages of the case documents and the two printable PDFs (consent form, plan).

Thin: the case comes from `selectors.cases.case_get` (a foreign id is a 404), writes go
through `cases.services.documents`, and every download, print and view of the list writes an
access-log entry.

The upload refuses an oversized body before anything reads it: `document_upload` is
exempt from the CSRF middleware (which would parse the body first), looks at
CONTENT_LENGTH, installs `DocumentSizeLimitHandler` and only then runs the
CSRF-protected `_document_upload`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quartier.cases.forms import DocumentUploadForm
from quartier.cases.models import Case, Document
from quartier.cases.selectors import documents as document_selectors
from quartier.cases.selectors import plans as plan_selectors
from quartier.cases.selectors.cases import case_get
from quartier.cases.services import document_types as document_type_services
from quartier.cases.services import documents as document_services
from quartier.core.pagination import page_query
from quartier.core.pdf import render_pdf
from quartier.participants.selectors.participants import participants_visible_to
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 50
# Room for the multipart boundaries, the CSRF token, kind and title around the file.
MULTIPART_ALLOWANCE = 256 * 1024


def case_url(case: Case) -> str:
    """The case page; the documents page while the case page is not there."""
    try:
        return reverse("cases:case_detail", args=[case.pk])
    except NoReverseMatch:
        return reverse("cases:document_list", args=[case.pk])


def _case_for_change(request, case_pk: int) -> Case:
    case = case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


def _documents_page(
    request, case: Case, form: DocumentUploadForm, *, status: int = 200, upload_error: str = ""
):
    documents = case.documents.select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "case": case,
        "participant": case.participant,
        "case_url": case_url(case),
        "page": page,
        "query_string": page_query(request),
        "documents": page.object_list,
        "form": form,
        "upload_error": upload_error,
        "has_plan": hasattr(case, "plan"),
        "can_change": request.user.has_perm("cases.change_case", case),
    }
    return render(request, "documents/case_documents.html", context, status=status)


@require_GET
def document_list(request, case_pk: int):
    case = case_get(user=request.user, pk=case_pk)
    access_log_record(actor=request.user, action="view", record=case, detail="documents")
    return _documents_page(request, case, DocumentUploadForm())


class DocumentSizeLimitHandler(FileUploadHandler):
    """Stops reading an uploaded file as soon as it passes the size limit.

    First in `request.upload_handlers`, so the chunks beyond the limit never reach the
    memory or temporary-file handlers; the parser closes (and so deletes) what they
    had received. The view reads `too_large` and shows the limit.
    """

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt
@require_POST
def document_upload(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    max_bytes = document_services.document_max_bytes()
    try:
        content_length = int(request.headers.get("content-length") or 0)
    except ValueError:
        content_length = 0
    if content_length > max_bytes + MULTIPART_ALLOWANCE:
        # The body is not read at all: no memory, no temporary file.
        message = document_services.too_large_message(name=None, size=content_length)
        return _documents_page(
            request, case, DocumentUploadForm(), status=413, upload_error=message
        )
    limiter = DocumentSizeLimitHandler(request, max_bytes=max_bytes)
    request.upload_handlers = [limiter, *request.upload_handlers]
    return _document_upload(request, case, limiter)


@csrf_protect
def _document_upload(request, case: Case, limiter: DocumentSizeLimitHandler):
    files = request.FILES  # parses the body, through the limiter
    if limiter.too_large:
        message = document_services.too_large_message(
            name=document_type_services.clean_original_name(limiter.file_name or ""), size=None
        )
        form = DocumentUploadForm(
            initial={"kind": request.POST.get("kind"), "title": request.POST.get("title")}
        )
        return _documents_page(request, case, form, status=413, upload_error=message)
    form = DocumentUploadForm(request.POST, files)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = document_services.document_create(
                actor=request.user,
                case=case,
                upload=data["file"],
                kind=data["kind"],
                title=data["title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("“%(name)s” was added to the case.") % {"name": document.original_name}
            )
            return redirect("cases:document_list", case.pk)
    return _documents_page(request, case, form, status=400)


@require_GET
@never_cache
def document_download(request, case_pk: int, document_pk: int):
    case = case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    document = get_object_or_404(Document.objects.filter(case=case), pk=document_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("The file of this document is missing. Please upload it again.")) from error
    access_log_record(
        actor=request.user,
        action="download",
        record=document,
        project_id=case.project_id,
        organisation_id=case.organisation_id,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document_type_services.document_download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def document_delete(request, case_pk: int, document_pk: int):
    case = _case_for_change(request, case_pk)
    document = get_object_or_404(
        Document.objects.filter(case=case).select_related("created_by"), pk=document_pk
    )
    if request.method == "POST":
        document_services.document_delete(actor=request.user, document=document)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": document.original_name})
        return redirect("cases:document_list", case.pk)
    return render(
        request,
        "documents/document_delete.html",
        {"case": case, "document": document, "case_url": case_url(case)},
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def consent_form_pdf(request, participant_pk: int):
    """The consent form to print and sign, in German, with the project's texts."""
    participant = get_object_or_404(
        participants_visible_to(request.user).select_related("project", "organisation"),
        pk=participant_pk,
    )
    case = Case.objects.filter(participant=participant).first()
    # Without a case yet (at intake), seeing the participant is the permission: that
    # takes a case role in the owning organisation, just as `cases.view_case` does.
    if case is not None and not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    with translation.override("de"):
        context = document_selectors.consent_form_data(participant=participant)
        pdf = render_pdf("documents/pdf/consent_form.html", context, request=request)
    access_log_record(
        actor=request.user,
        action="print",
        record=participant,
        project_id=participant.project_id,
        organisation_id=participant.organisation_id,
        detail="consent form",
    )
    name = slugify(f"einwilligung-{participant.last_name}-{participant.first_name}")
    return _pdf_response(pdf, f"{name}.pdf")


@require_GET
def plan_pdf(request, case_pk: int):
    """The plan (Förderplan) to sign; without a plan, back to the case with a message."""
    case = case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    with translation.override("de"):
        context = plan_selectors.plan_print_data(case=case)
        if context is not None:
            pdf = render_pdf("documents/pdf/plan.html", context, request=request)
    if context is None:
        messages.info(
            request,
            _(
                "This case has no plan yet. Write the plan with the participant first, "
                "then print it."
            ),
        )
        return redirect(case_url(case))
    access_log_record(
        actor=request.user,
        action="print",
        record=case,
        project_id=case.project_id,
        organisation_id=case.organisation_id,
        detail="plan pdf",
    )
    participant = case.participant
    name = slugify(f"foerderplan-{participant.last_name}-{participant.first_name}")
    return _pdf_response(pdf, f"{name}.pdf")
