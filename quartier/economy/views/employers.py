"""Pages of employers (Betriebe): the list, recording one (with the duplicate check),
the one employer page, changing its master data, declaring its size, its contact
persons and the relationship history. Thin: reads through `economy.selectors`, writes
through `economy.services`. An employer outside the user's tenants is a 404; one the
user may see but not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import District
from quartier.core.pagination import page_query
from quartier.core.tenancy import ECONOMY_ROLES, acting_organisation
from quartier.economy.forms.employers import (
    ContactPersonForm,
    EmployerContactForm,
    EmployerFilterForm,
    EmployerForm,
    SizeDeclarationForm,
)
from quartier.economy.models.employers import ContactPerson, Employer
from quartier.economy.selectors import employers as selectors
from quartier.economy.services import employers as services

PAGE_SIZE = 25


def _districts_of(project_id: int):
    return District.objects.filter(projects=project_id).order_by("name")


def _districts_of_any(projects):
    return District.objects.filter(projects__in=list(projects)).distinct().order_by("name")


def employer_for_change(request, employer_pk: int) -> Employer:
    """The employer (404 if the user may not see it), if the user may change it (403)."""
    employer = selectors.employer_for_write(user=request.user, pk=employer_pk)
    if employer is None:
        raise Http404(_("No such employer."))
    if not request.user.has_perm("economy.change_employer", employer):
        raise PermissionDenied(_("Only the owning organisation's economy staff change this."))
    return employer


def employer_list(request):
    projects = [
        project
        for project in selectors.employer_projects(request.user)
        if request.user.has_perm("economy.view_records", project)
    ]
    if not projects:
        raise PermissionDenied(_("The employers are for staff with an economy role."))
    form = EmployerFilterForm(request.GET or None, projects=projects)
    employers = selectors.employer_rows(user=request.user, **form.filters())
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "economy/employers/list.html",
        {
            "page": page,
            "form": form,
            "filtered": form.filtered,
            "query_string": page_query(request),
            "can_create": selectors.projects_for_new_employers(request.user).exists(),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def employer_create(request):
    projects = selectors.projects_for_new_employers(request.user)
    if not projects.exists():
        raise PermissionDenied(_("Only staff with an economy role record employers."))
    form = EmployerForm(
        request.POST or None,
        projects=projects,
        districts=_districts_of_any([project.pk for project in projects]),
        staff=selectors.staff_choices(project_id=[project.pk for project in projects]),
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        organisation = acting_organisation(request.user, project, roles=ECONOMY_ROLES)
        if organisation is None or not request.user.has_perm("economy.add_record", project):
            form.add_error("project", _("You hold no economy role in this project."))
        else:
            try:
                employer = services.employer_create(
                    actor=request.user,
                    project=project,
                    organisation=organisation,
                    not_a_duplicate=form.cleaned_data["not_a_duplicate"],
                    **form.employer_fields(),
                    **form.size_fields(),
                )
            except services.DuplicateSuspected as suspected:
                duplicates = suspected.duplicates
                form.add_error(
                    None,
                    _(
                        "The project already has an employer with this name and postcode. "
                        "Check the list below: open the existing employer, or confirm that "
                        "this is a different one and save again."
                    ),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The employer was saved."))
                return redirect("economy:employer_detail", employer_pk=employer.pk)
    return render(
        request,
        "economy/employers/employer_form.html",
        {
            "form": form,
            "employer": None,
            "duplicates": duplicates,
            "changes": [],
            "nav_active": "employers",
        },
    )


def employer_detail(request, employer_pk: int):
    page = selectors.employer_page(user=request.user, pk=employer_pk)
    if page is None or not request.user.has_perm("economy.view_employer", page.employer):
        raise Http404(_("No such employer."))
    # Whether the user may open each placement's case (and see the person's name): one
    # permission check per tenant of the cases, not per placement.
    sees_tenant = {}
    for placement in page.placements:
        tenant = (placement.case.project_id, placement.case.organisation_id)
        if tenant not in sees_tenant:
            sees_tenant[tenant] = request.user.has_perm("cases.view_case", placement.case)
    placements = [
        {
            "placement": placement,
            "sees_case": sees_tenant[placement.case.project_id, placement.case.organisation_id],
        }
        for placement in page.placements
    ]
    return render(
        request,
        "economy/employers/detail.html",
        {
            "page": page,
            "employer": page.employer,
            "placements": placements,
            "can_change": request.user.has_perm("economy.change_employer", page.employer),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def employer_edit(request, employer_pk: int):
    employer = employer_for_change(request, employer_pk)
    form = EmployerForm(
        request.POST or None,
        instance=employer,
        districts=_districts_of(employer.project_id),
        staff=selectors.staff_choices(project_id=employer.project_id),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.employer_update(
                actor=request.user,
                employer=Employer.objects.get(pk=employer.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.employer_fields(),
            ),
            stored=lambda: Employer.objects.get(pk=employer.pk),
        )
        if outcome.saved:
            messages.success(request, _("The employer was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
        changes = outcome.changes
    return render(
        request,
        "economy/employers/employer_form.html",
        {
            "form": form,
            "employer": employer,
            "duplicates": [],
            "changes": changes,
            "nav_active": "employers",
        },
    )


def _sub_form(request, employer, form, title: str, changes=()):
    return render(
        request,
        "economy/employers/sub_form.html",
        {
            "form": form,
            "employer": employer,
            "title": title,
            "changes": list(changes),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def employer_size(request, employer_pk: int):
    employer = employer_for_change(request, employer_pk)
    form = SizeDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_size(actor=request.user, employer=employer, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The size was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
    return _sub_form(request, employer, form, _("Declare the size"))


@require_http_methods(["GET", "POST"])
def contact_person_create(request, employer_pk: int):
    employer = employer_for_change(request, employer_pk)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_person_create(
                actor=request.user, employer=employer, **form.person_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
    return _sub_form(request, employer, form, _("New contact person"))


@require_http_methods(["GET", "POST"])
def contact_person_edit(request, employer_pk: int, person_pk: int):
    employer = employer_for_change(request, employer_pk)
    person = get_object_or_404(ContactPerson.objects.filter(employer=employer), pk=person_pk)
    form = ContactPersonForm(request.POST or None, instance=person)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.contact_person_update(
                actor=request.user,
                person=ContactPerson.objects.select_related("employer").get(pk=person.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.person_fields(),
            ),
            stored=lambda: ContactPerson.objects.get(pk=person.pk),
        )
        if outcome.saved:
            messages.success(request, _("The contact person was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
        changes = outcome.changes
    return _sub_form(request, employer, form, _("Edit the contact person"), changes)


@require_http_methods(["GET", "POST"])
def employer_contact_create(request, employer_pk: int):
    employer = employer_for_change(request, employer_pk)
    form = EmployerContactForm(
        request.POST or None,
        contact_persons=selectors.contact_person_choices(employer=employer),
        staff=selectors.staff_choices(project_id=employer.project_id),
        initial={"staff": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_contact_create(
                actor=request.user, employer=employer, **form.contact_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
    return _sub_form(request, employer, form, _("Record a contact"))
