"""A project's register of processing activities (privacy:processing_register, Art. 30
DSGVO; printable) and the evaluators' pseudonymised case-level export
(privacy:evaluation_export: GET explains, POST downloads). A project the user has no
role in is a 404; a role without the permission gets a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quartier.core.models import Project
from quartier.privacy.forms.register import EvaluationExportForm
from quartier.privacy.selectors import register as selectors
from quartier.privacy.services.evaluation import evaluation_export as export_service

NAV = "privacy"


def _project(request, slug: str) -> Project:
    try:
        return selectors.register_project_get(user=request.user, slug=slug)
    except Project.DoesNotExist:
        raise Http404(_("No such project.")) from None


@require_GET
def processing_register(request, slug: str):
    project = _project(request, slug)
    if not request.user.has_perm("privacy.view_processing_register", project):
        raise PermissionDenied(
            _("The register is for the project lead and the data-protection officers.")
        )
    return render(
        request,
        "privacy/register/processing_register.html",
        {"register": selectors.processing_register(project=project), "nav_active": NAV},
    )


@require_http_methods(["GET", "POST"])
def evaluation_export(request, slug: str):
    project = _project(request, slug)
    if not request.user.has_perm("privacy.export_evaluation_data", project):
        raise PermissionDenied(_("Only the project's evaluators export its evaluation data."))
    form = EvaluationExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = export_service(
                actor=request.user, project=project, file_format=form.cleaned_data["file_format"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            response = HttpResponse(export.content, content_type=export.content_type)
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            return response
    return render(
        request,
        "privacy/register/evaluation_export.html",
        {
            "project": project,
            "form": form,
            "columns": selectors.COLUMNS,
            "quasi_identifiers": selectors.QUASI_IDENTIFIERS,
            "k": selectors.small_cell_threshold(),
            "nav_active": NAV,
        },
    )
