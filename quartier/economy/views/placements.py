"""Pages of placements: recording one from the case, its page with the check-ins,
changing and ending it, recording a check-in, and a project's check-in schedule.

Thin: reads through `economy.selectors.placements`, writes through
`economy.services`; a foreign id is a 404, a refused permission a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.selectors import cases as case_selectors
from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.models import Project
from quartier.core.selectors import projects_visible_to
from quartier.economy.forms.placements import (
    CheckForm,
    EconomySettingsForm,
    PlacementEditForm,
    PlacementEndForm,
    PlacementForm,
)
from quartier.economy.models import EconomySettings, Placement, PlacementStatus, StabilisationCheck
from quartier.economy.selectors import placements as selectors
from quartier.economy.services import placements as services
from quartier.economy.services import stabilisation as stabilisation_services
from quartier.privacy.services.access_log import access_log_record


def _placement_for_change(request, placement_pk: int) -> Placement:
    placement = selectors.placement_get(user=request.user, pk=placement_pk)
    if not request.user.has_perm("economy.change_placement", placement):
        raise PermissionDenied
    return placement


@require_http_methods(["GET", "POST"])
def placement_create(request, case_pk: int):
    """Record a placement from the case, optionally for a vacancy (`?vacancy=<pk>`)."""
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm("economy.add_placement", case):
        raise PermissionDenied
    vacancies = selectors.vacancies_for_case(user=request.user, case=case)
    initial = {}
    vacancy_pk = request.GET.get("vacancy")
    if vacancy_pk:
        if not vacancy_pk.isdigit():
            raise Http404
        vacancy = get_object_or_404(vacancies, pk=int(vacancy_pk))
        initial = {
            "vacancy": vacancy.pk,
            "job_title": vacancy.title,
            "employer": vacancy.employer_id,
        }
        if vacancy.start_date:
            initial["start_date"] = vacancy.start_date
        if vacancy.hours_per_week:
            initial["hours_per_week"] = vacancy.hours_per_week
    else:
        vacancies = vacancies.filter(status="open")
    form = PlacementForm(
        request.POST or None,
        initial=initial,
        case=case,
        vacancies=vacancies,
        employers=selectors.employers_for_case(user=request.user, case=case),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            placement = services.placement_record(actor=request.user, case=case, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The placement was recorded with %(count)d check-ins.")
                % {"count": placement.checks.count()},
            )
            return redirect("economy:placement_detail", placement_pk=placement.pk)
    return render(request, "economy/placements/placement_form.html", {"case": case, "form": form})


def placement_detail(request, placement_pk: int):
    placement = selectors.placement_get(user=request.user, pk=placement_pk)
    access_log_record(actor=request.user, action="view", record=placement.case)
    checks = selectors.placement_checks(placement)
    prefill = None
    done = [c for c in checks if c.done_on]
    if done:
        for check in done:
            check.placement = placement
        # The check-in nearest the ESF six-month follow-up offers to prefill it.
        candidates = [p for p in (selectors.six_month_prefill(c) for c in done) if p]
        prefill = candidates[-1] if candidates else None
    return render(
        request,
        "economy/placements/placement_detail.html",
        {
            "placement": placement,
            "case": placement.case,
            "checks": checks,
            "prefill": prefill,
            "ended": placement.status == PlacementStatus.ENDED,
        },
    )


@require_http_methods(["GET", "POST"])
def placement_edit(request, placement_pk: int):
    placement = _placement_for_change(request, placement_pk)
    case = placement.case
    form = PlacementEditForm(
        request.POST or None,
        instance=placement,
        case=case,
        vacancies=None,
        employers=selectors.employers_for_case(user=request.user, case=case),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("expected_version")
        fresh = Placement.objects.select_related("case").get(pk=placement.pk)
        outcome = save_versioned_form(
            form,
            lambda: services.placement_update(
                actor=request.user, placement=fresh, expected_version=version, data=data
            ),
            stored=lambda: Placement.objects.get(pk=placement.pk),
        )
        if outcome.saved:
            messages.success(request, _("The placement was saved."))
            return redirect("economy:placement_detail", placement_pk=placement.pk)
        changes = outcome.changes
    return render(
        request,
        "economy/placements/placement_edit.html",
        {"placement": placement, "case": case, "form": form, "changes": changes},
    )


@require_http_methods(["GET", "POST"])
def placement_end(request, placement_pk: int):
    """The job ended: a date and a coded reason (asks before it closes the check-ins)."""
    placement = _placement_for_change(request, placement_pk)
    if placement.status == PlacementStatus.ENDED:
        messages.info(request, _("This job is already recorded as ended."))
        return redirect("economy:placement_detail", placement_pk=placement.pk)
    form = PlacementEndForm(request.POST or None, initial={"expected_version": placement.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: services.placement_end(
                actor=request.user,
                placement=Placement.objects.select_related("case").get(pk=placement.pk),
                expected_version=data["expected_version"],
                ended_on=data["ended_on"],
                end_reason=data["end_reason"],
            ),
            stored=lambda: Placement.objects.get(pk=placement.pk),
        )
        if outcome.saved:
            messages.success(request, _("The end of the job was recorded."))
            return redirect("economy:placement_detail", placement_pk=placement.pk)
    open_checks = placement.checks.filter(done_on__isnull=True).count()
    return render(
        request,
        "economy/placements/placement_end.html",
        {"placement": placement, "case": placement.case, "form": form, "open_checks": open_checks},
    )


@require_http_methods(["GET", "POST"])
def check_record(request, placement_pk: int, check_pk: int):
    """Record a check-in; a check-in recorded already shows its result instead."""
    check = selectors.check_get(user=request.user, placement_pk=placement_pk, pk=check_pk)
    if not request.user.has_perm("economy.record_check", check):
        raise PermissionDenied
    placement = check.placement
    case = placement.case
    # The employer liaison sees the participant's first name and initial, the job and
    # the employer; the case's staff see the full name.
    sees_case = request.user.has_perm("cases.view_case", case)
    form = CheckForm(request.POST or None, instance=check)
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: stabilisation_services.check_record(
                actor=request.user,
                check=StabilisationCheck.objects.select_related("placement", "placement__case").get(
                    pk=check.pk
                ),
                expected_version=form.cleaned_data["expected_version"],
                **form.service_data(),
            ),
            stored=lambda: StabilisationCheck.objects.get(pk=check.pk),
        )
        if outcome.saved:
            messages.success(request, _("The check-in was recorded."))
            if sees_case:
                return redirect("economy:placement_detail", placement_pk=placement.pk)
            return redirect("core:home")
        changes = outcome.changes
        check.refresh_from_db()
    return render(
        request,
        "economy/placements/check_form.html",
        {
            "check": check,
            "placement": placement,
            "case": case,
            "participant": case.participant,
            "sees_case": sees_case,
            "form": form,
            "changes": changes,
        },
    )


@require_http_methods(["GET", "POST"])
def economy_settings(request, project_slug: str):
    """A project's check-in schedule (project lead)."""
    project = get_object_or_404(projects_visible_to(request.user), slug=project_slug)
    if not request.user.has_perm("economy.change_settings", project):
        raise PermissionDenied
    settings = EconomySettings.objects.filter(project=project).first() or EconomySettings(
        project=project
    )
    form = EconomySettingsForm(request.POST or None, settings=settings)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: services.economy_settings_update(
                actor=request.user,
                project=Project.objects.get(pk=project.pk),
                expected_version=data["expected_version"],
                check_months=data["check_months"],
                check_with_participant=data["check_with_participant"],
                check_with_employer=data["check_with_employer"],
            ),
            stored=lambda: EconomySettings.objects.get(project=project),
        )
        if outcome.saved:
            messages.success(request, _("The check-in schedule was saved."))
            return redirect("economy:economy_settings", project_slug=project.slug)
        changes = outcome.changes
    return render(
        request,
        "economy/placements/economy_settings.html",
        {"project": project, "form": form, "changes": changes},
    )
