"""A project's retention rules: the list, adding, changing (versioned) and deleting
(after a confirmation). Thin: the services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import save_versioned_form
from quartier.core.selectors import projects_visible_to
from quartier.privacy.forms.retention import RetentionRuleForm
from quartier.privacy.models import RetentionRule
from quartier.privacy.selectors.retention import retention_rules_of
from quartier.privacy.services import retention as services


def _project(request, project_slug: str, perm: str):
    project = get_object_or_404(projects_visible_to(request.user), slug=project_slug)
    if not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


def _rule(request, project, rule_pk: int) -> RetentionRule:
    return get_object_or_404(retention_rules_of(user=request.user, project=project), pk=rule_pk)


@require_http_methods(["GET"])
def retention_rules(request, project_slug: str):
    project = _project(request, project_slug, "privacy.view_retention_rules")
    return render(
        request,
        "privacy/retention_rules.html",
        {
            "project": project,
            "rules": retention_rules_of(user=request.user, project=project),
            "may_manage": request.user.has_perm("privacy.manage_retention_rules", project),
        },
    )


@require_http_methods(["GET", "POST"])
def retention_rule_create(request, project_slug: str):
    project = _project(request, project_slug, "privacy.manage_retention_rules")
    form = RetentionRuleForm(request.POST or None)
    form.fields["expected_version"].required = False
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.RULE_FIELDS}
        outcome = save_versioned_form(
            form,
            lambda: services.retention_rule_create(actor=request.user, project=project, **data),
            stored=lambda: project,
        )
        if outcome.saved:
            messages.success(request, _("The retention rule was added."))
            return redirect("privacy:retention_rules", project_slug=project.slug)
    return render(
        request,
        "privacy/retention_rule_form.html",
        {"project": project, "form": form, "rule": None, "changes": []},
    )


@require_http_methods(["GET", "POST"])
def retention_rule_edit(request, project_slug: str, rule_pk: int):
    project = _project(request, project_slug, "privacy.manage_retention_rules")
    rule = _rule(request, project, rule_pk)
    form = RetentionRuleForm(request.POST or None, instance=rule)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.RULE_FIELDS}
        outcome = save_versioned_form(
            form,
            lambda: services.retention_rule_update(
                actor=request.user,
                rule=RetentionRule.objects.get(pk=rule.pk),
                expected_version=form.cleaned_data["expected_version"],
                **data,
            ),
            stored=lambda: RetentionRule.objects.get(pk=rule.pk),
        )
        if outcome.saved:
            messages.success(request, _("The retention rule was saved."))
            return redirect("privacy:retention_rules", project_slug=project.slug)
        changes = outcome.changes
    return render(
        request,
        "privacy/retention_rule_form.html",
        {"project": project, "form": form, "rule": rule, "changes": changes},
    )


@require_http_methods(["GET", "POST"])
def retention_rule_delete(request, project_slug: str, rule_pk: int):
    project = _project(request, project_slug, "privacy.manage_retention_rules")
    rule = RetentionRule.objects.filter(project=project, pk=rule_pk).first()
    if rule is None:
        if request.method == "POST":
            # A second click on "Delete": the rule is gone already.
            messages.info(request, _("This retention rule was already deleted."))
            return redirect("privacy:retention_rules", project_slug=project.slug)
        rule = _rule(request, project, rule_pk)
    if request.method == "POST":
        services.retention_rule_delete(actor=request.user, rule=rule)
        messages.success(request, _("The retention rule was deleted."))
        return redirect("privacy:retention_rules", project_slug=project.slug)
    return render(request, "privacy/retention_rule_delete.html", {"project": project, "rule": rule})
