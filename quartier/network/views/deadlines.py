"""The project lead's page for the deadlines of referrals. Thin: the service writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import save_versioned_form
from quartier.core.models import Project
from quartier.core.selectors import projects_visible_to
from quartier.network.forms.deadlines import DeadlinesForm
from quartier.network.models import NetworkSettings
from quartier.network.services import referrals as services


@require_http_methods(["GET", "POST"])
def deadlines(request, project_slug: str):
    project = get_object_or_404(projects_visible_to(request.user), slug=project_slug)
    if not request.user.has_perm("network.change_settings", project):
        raise PermissionDenied
    settings = NetworkSettings.objects.filter(project=project).first() or NetworkSettings(
        project=project
    )
    form = DeadlinesForm(request.POST or None, settings=settings)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: services.network_settings_update(
                actor=request.user,
                project=Project.objects.get(pk=project.pk),
                expected_version=data["expected_version"],
                remind_after=data["remind_after"],
                escalate_after=data["escalate_after"],
                expire_after=data["expire_after"],
            ),
            stored=lambda: NetworkSettings.objects.get(project=project),
        )
        if outcome.saved:
            messages.success(request, _("The deadlines for referrals were saved."))
            return redirect("network:deadlines", project_slug=project.slug)
        changes = outcome.changes
    return render(
        request,
        "network/deadlines.html",
        {"project": project, "form": form, "changes": changes},
    )
