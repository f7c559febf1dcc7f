"""Pages of the core app. Thin: they read through selectors and write through services."""

import sys

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quartier.core import help as guides
from quartier.core import invitations, selectors, services
from quartier.core.audit import describe
from quartier.core.forms import (
    ApiTokenForm,
    MembershipCreateForm,
    MembershipRoleForm,
    OrganisationForm,
    ProjectForm,
    save_versioned_form,
)
from quartier.core.models import Membership, Organisation, Project
from quartier.core.not_found import not_found_page_for
from quartier.core.pagination import page_query

PAGE_SIZE = 50


@require_GET
@never_cache
def healthz(request):
    """Liveness and database check for load balancers; public, no session touched."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request):
    """The start page, by role: 'Mein Tag' for case work, the project overview for leads."""
    return render(request, "core/home.html", selectors.start_page_for(request.user))


def project_list(request):
    query = request.GET.get("q", "").strip()
    projects = selectors.project_list(user=request.user, query=query)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/project_list.html",
        {"page": page, "query": query, "query_string": page_query(request)},
    )


def _project_or_404(request, slug: str) -> Project:
    try:
        return selectors.project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project, or you have no role in it.")) from error


def project_detail(request, slug: str):
    project = _project_or_404(request, slug)
    context = {
        "project": project,
        "can_manage": request.user.has_perm("core.manage_members", project),
        "can_edit": request.user.has_perm("core.change_project_details", project),
        "case_work": request.user.has_perm("cases.add_case", project),
        "can_import": request.user.has_perm("cases.import_participants", project),
        "districts": selectors.district_list(user=request.user).filter(projects=project),
    }
    return render(request, "core/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_edit(request, slug: str):
    project = _project_or_404(request, slug)
    if not request.user.has_perm("core.change_project_details", project):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: services.project_update(
                actor=request.user,
                project=project,
                expected_version=data["expected_version"],
                name=data["name"],
                description=data["description"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            ),
            stored=lambda: Project.objects.get(pk=project.pk),
        )
        if outcome.saved:
            messages.success(request, _("The project was saved."))
            return redirect("core:project_detail", slug=project.slug)
        changes = outcome.changes
    return render(
        request, "core/project_edit.html", {"project": project, "form": form, "changes": changes}
    )


def project_members(request, slug: str):
    project = _project_or_404(request, slug)
    if not request.user.has_perm("core.manage_members", project):
        raise PermissionDenied
    managed = selectors.organisations_managed_by(request.user, project)
    form = MembershipCreateForm(request.POST or None, organisations=managed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, needs_password = services.membership_create(
                actor=request.user,
                project=project,
                organisation=data["organisation"],
                email=data["email"],
                role=data["role"],
                full_name=data["full_name"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            if needs_password:
                invitations.send_invitation(membership=membership, inviter=request.user)
                messages.success(
                    request,
                    _("%(person)s was added. They received an e-mail to set a password.")
                    % {"person": membership.user},
                )
            else:
                messages.success(request, _("%(person)s was added.") % {"person": membership.user})
            return redirect("core:project_members", slug=project.slug)
    query = request.GET.get("q", "").strip()
    members = selectors.project_members(user=request.user, project=project, query=query)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    managed_ids = set(managed.values_list("pk", flat=True))
    context = {
        "project": project,
        "page": page,
        "form": form,
        "query": query,
        "query_string": page_query(request),
        "changeable": {
            m.pk
            for m in page.object_list
            if selectors.membership_changeable_by(request.user, m, managed_ids)
        },
    }
    if request.htmx and request.method == "GET":
        # Live search: only the results are swapped in.
        return render(request, "core/project_members.html#member-results", context)
    return render(request, "core/project_members.html", context)


def _membership_or_404(request, slug: str, membership_pk: int):
    project = _project_or_404(request, slug)
    membership = get_object_or_404(
        selectors.project_members(user=request.user, project=project), pk=membership_pk
    )
    managed_ids = set(
        selectors.organisations_managed_by(request.user, project).values_list("pk", flat=True)
    )
    if not selectors.membership_changeable_by(request.user, membership, managed_ids):
        raise PermissionDenied
    return project, membership


@require_http_methods(["GET", "POST"])
def membership_edit(request, slug: str, membership_pk: int):
    project, membership = _membership_or_404(request, slug, membership_pk)
    form = MembershipRoleForm(request.POST or None, instance=membership)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.membership_update(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                expected_version=form.cleaned_data["expected_version"],
            ),
            stored=lambda: Membership.objects.get(pk=membership.pk),
        )
        if outcome.saved:
            messages.success(request, _("The role was changed."))
            return redirect("core:project_members", slug=project.slug)
        changes = outcome.changes
    return render(
        request,
        "core/membership_edit.html",
        {"project": project, "membership": membership, "form": form, "changes": changes},
    )


@require_http_methods(["GET", "POST"])
def membership_delete(request, slug: str, membership_pk: int):
    project, membership = _membership_or_404(request, slug, membership_pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_delete(actor=request.user, membership=membership)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _("%(person)s no longer has the role %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display()},
            )
            return redirect("core:project_members", slug=project.slug)
    return render(
        request,
        "core/membership_delete.html",
        {"project": project, "membership": membership, "error": error},
    )


@require_http_methods(["GET", "POST"])
@never_cache
def invitation_accept(request, uid: str, token: str):
    """The link of an invitation e-mail: the invited colleague sets her password (public;
    the link itself is the proof, valid for a limited time and once)."""
    user = invitations.user_for(uid, token)
    if user is None:
        return render(request, "core/invitation_accept.html", {"invalid": True})
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(
            request,
            _(
                "Your password is set. Log in with your e-mail address and the new password; "
                "then set up your second factor."
            ),
        )
        return redirect("account_login")
    return render(request, "core/invitation_accept.html", {"form": form, "invited": user})


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), slug=slug)
    context = {
        "organisation": organisation,
        "projects": selectors.project_list(user=request.user).filter(organisations=organisation),
        "can_edit": request.user.has_perm("core.change_organisation_details", organisation),
    }
    return render(request, "core/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug: str):
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), slug=slug)
    if not request.user.has_perm("core.change_organisation_details", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    changes = []
    if request.method == "POST" and form.is_valid():
        details = {field: form.cleaned_data[field] for field in services.ORGANISATION_DETAIL_FIELDS}
        outcome = save_versioned_form(
            form,
            lambda: services.organisation_update(
                actor=request.user,
                organisation=organisation,
                expected_version=form.cleaned_data["expected_version"],
                **details,
            ),
            stored=lambda: Organisation.objects.get(pk=organisation.pk),
        )
        if outcome.saved:
            messages.success(request, _("The organisation was saved."))
            return redirect("core:organisation_detail", slug=organisation.slug)
        changes = outcome.changes
    return render(
        request,
        "core/organisation_edit.html",
        {"organisation": organisation, "form": form, "changes": changes},
    )


def district_list(request):
    districts = selectors.district_list(user=request.user)
    return render(request, "core/district_list.html", {"districts": districts})


def district_detail(request, slug: str):
    district = get_object_or_404(selectors.district_list(user=request.user), slug=slug)
    return render(request, "core/district_detail.html", {"district": district})


def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                valid_until=form.cleaned_data["expires_at"],
            )
        except ValidationError as error:
            form.add_error("expires_at", error)
        else:
            form = ApiTokenForm()
    tokens = selectors.api_tokens_visible_to(request.user)
    response = render(
        request, "core/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke(request, api_token_pk: int):
    token = get_object_or_404(selectors.api_tokens_visible_to(request.user), pk=api_token_pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("core:api_tokens")


@permission_required("core.view_auditlog", raise_exception=True)
def audit_log(request):
    query = request.GET.get("q", "").strip()
    entries = selectors.audit_entry_list(user=request.user, query=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "query_string": page_query(request),
        "rows": [describe(entry) for entry in page.object_list],
    }
    return render(request, "core/audit_log.html", context)


def help_page(request, slug: str = guides.INDEX):
    """A staff guide from docs/staff/, rendered inside the app."""
    try:
        title, html = guides.guide(slug)
    except LookupError as error:
        raise Http404(_("There is no such guide.")) from error
    return render(request, "core/help.html", {"title": title, "guide_html": html, "slug": slug})


def server_error(request):
    """500 page; a database outage gets its own clear 503 message."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        body = render_to_string("503.html", {})
        return HttpResponse(body, status=503)
    return HttpResponse(render_to_string("500.html", {}), status=500)


def not_found(request, exception=None):
    """404: a part of the site with its own 404 page answers with it (the public offer
    map, in the visitor's language; registered in `quartier.core.not_found`)."""
    page = not_found_page_for(request.path)
    if page is not None:
        return page(request, exception)
    return render(request, "404.html", status=404)
