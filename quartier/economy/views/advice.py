"""Pages of employer services: recording, changing and deleting one (with a
confirmation page). Thin: writes through `economy.services.advice`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.economy.forms.advice import EmployerServiceForm
from quartier.economy.models.advice import EmployerService
from quartier.economy.selectors import advice as selectors
from quartier.economy.selectors.employers import staff_choices
from quartier.economy.services import advice as services
from quartier.economy.views.employers import _sub_form, employer_for_change


def _service(request, employer, service_pk: int) -> EmployerService:
    service = selectors.service_for_write(user=request.user, pk=service_pk, employer_id=employer.pk)
    if service is None:
        raise Http404(_("No such service."))
    return service


@require_http_methods(["GET", "POST"])
def service_create(request, employer_pk: int):
    employer = employer_for_change(request, employer_pk)
    form = EmployerServiceForm(
        request.POST or None,
        staff=staff_choices(project_id=employer.project_id),
        initial={"staff": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(actor=request.user, employer=employer, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
    return _sub_form(request, employer, form, _("New service"))


@require_http_methods(["GET", "POST"])
def service_edit(request, employer_pk: int, service_pk: int):
    employer = employer_for_change(request, employer_pk)
    service = _service(request, employer, service_pk)
    form = EmployerServiceForm(
        request.POST or None, instance=service, staff=staff_choices(project_id=employer.project_id)
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: services.service_update(
                actor=request.user,
                service=EmployerService.objects.select_related("employer").get(pk=service.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.service_fields(),
            ),
            stored=lambda: EmployerService.objects.get(pk=service.pk),
        )
        if outcome.saved:
            messages.success(request, _("The service was saved."))
            return redirect("economy:employer_detail", employer_pk=employer.pk)
        changes = outcome.changes
    return _sub_form(request, employer, form, _("Edit the service"), changes)


@require_http_methods(["GET", "POST"])
def service_delete(request, employer_pk: int, service_pk: int):
    """GET asks for confirmation; POST deletes. A second POST finds nothing (404-free:
    it goes back to the employer)."""
    employer = employer_for_change(request, employer_pk)
    if request.method == "POST":
        service = selectors.service_for_write(
            user=request.user, pk=service_pk, employer_id=employer.pk
        )
        if service is not None:
            services.service_delete(actor=request.user, service=service)
        messages.success(request, _("The service was deleted."))
        return redirect("economy:employer_detail", employer_pk=employer.pk)
    service = _service(request, employer, service_pk)
    return render(
        request,
        "economy/employers/service_delete.html",
        {"employer": employer, "service": service, "nav_active": "employers"},
    )
