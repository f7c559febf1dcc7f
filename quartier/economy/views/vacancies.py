"""Pages of vacancies: the list (search, filters), a new vacancy, one vacancy's page,
changing it, its status, and the job search import (form and last runs).

Thin: reads through `economy.selectors.vacancies`, writes through
`economy.services.vacancies` and `economy.services.job_import`. A vacancy outside the
user's tenants is a 404; one the user sees but may not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import Organisation, Project
from quartier.core.pagination import page_query
from quartier.core.services import ConcurrentEditError
from quartier.economy.forms.vacancies import (
    JobImportForm,
    VacancyFilterForm,
    VacancyForm,
    VacancyStatusForm,
    owner_from,
)
from quartier.economy.models import JobImportRun, Vacancy
from quartier.economy.selectors import vacancies as selectors
from quartier.economy.services import job_import as import_services
from quartier.economy.services import vacancies as services


def _require_economy(request) -> None:
    if not request.user.has_perm("core.view_economy"):
        raise PermissionDenied(_("Only staff who work with employers see vacancies."))


def vacancy_list(request):
    _require_economy(request)
    filter_form = VacancyFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {"query": ""}
    vacancies = selectors.vacancy_rows(user=request.user, **filters)
    page = Paginator(vacancies, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    owners = selectors.owners_for(request.user)
    filtered = any(value for value in filters.values())
    return render(
        request,
        "economy/vacancies/list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "filtered": filtered,
            "query_string": page_query(request),
            "can_create": bool(owners),
            "can_review": selectors.inbox_projects(request.user).exists(),
            "nav_active": "vacancies",
        },
    )


@require_http_methods(["GET", "POST"])
def vacancy_create(request):
    owners = selectors.owners_for(request.user)
    if not owners:
        raise PermissionDenied(_("Only staff who work with employers record vacancies."))
    form = VacancyForm(
        request.POST or None,
        owners=owners,
        employers=selectors.employer_choices(project_ids={owner.project_id for owner in owners}),
    )
    form.fields["expected_version"].required = False
    if request.method == "POST" and form.is_valid():
        owner = owner_from(form.cleaned_data["owner"], owners)
        try:
            vacancy = services.vacancy_create(
                actor=request.user,
                project=Project.objects.get(pk=owner.project_id),
                organisation=Organisation.objects.get(pk=owner.organisation_id),
                **form.vacancy_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The vacancy was saved."))
            return redirect("economy:vacancy_detail", vacancy.pk)
    return render(
        request,
        "economy/vacancies/form.html",
        {"form": form, "vacancy": None, "changes": [], "nav_active": "vacancies"},
    )


def _visible(request, vacancy_pk: int) -> Vacancy:
    vacancy = selectors.vacancy_for_page(user=request.user, pk=vacancy_pk)
    if vacancy is None or not request.user.has_perm("economy.view_vacancy", vacancy):
        raise Http404
    return vacancy


def vacancy_detail(request, vacancy_pk: int):
    vacancy = _visible(request, vacancy_pk)
    essential, optional = selectors.vacancy_skill_needs(vacancy)
    can_change = request.user.has_perm("economy.change_vacancy", vacancy)
    return render(
        request,
        "economy/vacancies/detail.html",
        {
            "vacancy": vacancy,
            "essential_skills": essential,
            "optional_skills": optional,
            "can_change": can_change,
            "status_form": VacancyStatusForm(
                initial={"status": vacancy.status, "expected_version": vacancy.version}
            )
            if can_change
            else None,
            "nav_active": "vacancies",
        },
    )


def _changeable(request, vacancy_pk: int) -> Vacancy:
    vacancy = _visible(request, vacancy_pk)
    if not request.user.has_perm("economy.change_vacancy", vacancy):
        raise PermissionDenied(_("Only the owning organisation's staff change this vacancy."))
    return vacancy


@require_http_methods(["GET", "POST"])
def vacancy_edit(request, vacancy_pk: int):
    vacancy = _changeable(request, vacancy_pk)
    form = VacancyForm(
        request.POST or None,
        instance=vacancy,
        employers=selectors.employer_choices(project_ids=[vacancy.project_id]),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.vacancy_update(
                actor=request.user,
                vacancy=Vacancy.objects.get(pk=vacancy.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.vacancy_fields(),
            ),
            stored=lambda: Vacancy.objects.get(pk=vacancy.pk),
            skip={"essential_skills", "optional_skills"},
        )
        if outcome.saved:
            messages.success(request, _("The vacancy was saved."))
            return redirect("economy:vacancy_detail", vacancy.pk)
        changes = outcome.changes
    return render(
        request,
        "economy/vacancies/form.html",
        {"form": form, "vacancy": vacancy, "changes": changes, "nav_active": "vacancies"},
    )


@require_POST
def vacancy_status(request, vacancy_pk: int):
    vacancy = _changeable(request, vacancy_pk)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose open, filled or closed."))
        return redirect("economy:vacancy_detail", vacancy.pk)
    try:
        services.vacancy_set_status(
            actor=request.user,
            vacancy=Vacancy.objects.get(pk=vacancy.pk),
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status was changed."))
    return redirect("economy:vacancy_detail", vacancy.pk)


# The job search import --------------------------------------------------------------------


def _import_form(request, data=None) -> JobImportForm:
    projects = selectors.inbox_projects(request.user)
    initial = {}
    first = projects.first()
    if first is not None:
        initial = {"project": first.pk, **selectors.default_import_query(first)}
    return JobImportForm(data, projects=projects, initial=initial)


def import_context(request) -> dict:
    """The import form and the last runs, for the import page and the inbox."""
    return {
        "import_form": _import_form(request),
        "import_runs": selectors.import_runs(user=request.user),
    }


@require_http_methods(["GET", "POST"])
def vacancy_import(request):
    if not selectors.inbox_projects(request.user).exists():
        raise PermissionDenied(_("Only the employer liaison and the project lead import."))
    form = _import_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = import_services.job_import_start(
                actor=request.user,
                project=data["project"],
                postcode=data["postcode"],
                radius=data["radius"],
                kind=data["kind"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            _report_run(request, run)
            return redirect("economy:vacancy_import")
    return render(
        request,
        "economy/vacancies/import.html",
        {
            "import_form": form,
            "import_runs": selectors.import_runs(user=request.user),
            "nav_active": "vacancies",
        },
    )


def _report_run(request, run: JobImportRun) -> None:
    if run.status == JobImportRun.Status.DONE:
        messages.success(
            request,
            _(
                "Imported from the job search: %(seen)s vacancies found, %(created)s new, "
                "%(updated)s updated, %(expired)s expired."
            )
            % {
                "seen": run.seen,
                "created": run.created,
                "updated": run.updated,
                "expired": run.expired,
            },
        )
    elif run.status == JobImportRun.Status.FAILED:
        messages.error(
            request,
            _("The import failed: %(error)s Nothing was imported; try again later.")
            % {"error": run.error},
        )
    else:
        messages.info(
            request,
            _("The import runs in the background. Reload this page to see its result."),
        )
