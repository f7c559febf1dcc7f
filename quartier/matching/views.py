"""Pages of matching: a participant's ranked vacancies and offers, a vacancy's ranked
participants, the decision on a suggestion, and the project's weights.

Nothing is sent or decided automatically (GDPR Art. 22): the pages rank and explain,
staff decide and act."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.cases.models import Case
from quartier.cases.selectors.cases import case_get
from quartier.core.forms import save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.selectors import projects_visible_to
from quartier.matching import services
from quartier.matching.forms import DecisionForm, WeightsForm
from quartier.matching.models import MatchWeights
from quartier.matching.selectors import matches as match_selectors
from quartier.matching.selectors import scoring
from quartier.offers.selectors.offers import offers_visible_to
from quartier.privacy.services.access_log import access_log_record


def _case_for(request, case_pk: int, perm: str) -> Case:
    case = case_get(user=request.user, pk=case_pk)
    if not request.user.has_perm(perm, case):
        raise PermissionDenied
    return case


def case_matches(request, case_pk: int):
    """The open vacancies of the case's project, best first, each with its factors, and
    the best offers; a form per row to propose, note a contact or dismiss."""
    case = _case_for(request, case_pk, "matching.view_matches")
    page, matches = match_selectors.vacancy_matches_for_case(
        user=request.user, case=case, page_number=request.GET.get("page")
    )
    offer_matches = match_selectors.offer_matches_for_case(user=request.user, case=case)
    access_log_record(actor=request.user, action="view", record=case, detail="matching")
    return render(
        request,
        "matching/case_matches.html",
        {
            "case": case,
            "participant": case.participant,
            "page": page,
            "matches": matches,
            "offer_matches": offer_matches,
            "query_string": page_query(request),
            "may_decide": request.user.has_perm("matching.decide", case),
            "stopped": match_selectors.matching_stopped(case=case),
            "weights": scoring.weights_for(case.project_id),
            "decision_form": DecisionForm(),
        },
    )


def vacancy_matches(request, vacancy_pk: int):
    """The open cases of the vacancy's project the user may see, best first."""
    vacancy = match_selectors.vacancy_get(user=request.user, pk=vacancy_pk)
    if not request.user.has_perm("matching.view_vacancy_matches", vacancy):
        raise PermissionDenied
    page, matches = match_selectors.case_matches_for_vacancy(
        user=request.user, vacancy=vacancy, page_number=request.GET.get("page")
    )
    access_log_record(
        actor=request.user,
        action="view",
        record=Case,
        project_id=vacancy.project_id,
        detail=f"matching for vacancy {vacancy.pk}, {len(matches)} rows",
    )
    return render(
        request,
        "matching/vacancy_matches.html",
        {
            "vacancy": vacancy,
            "page": page,
            "matches": matches,
            "query_string": page_query(request),
        },
    )


@require_POST
def suggestion_decide(request, case_pk: int):
    """Store the decision on one suggested vacancy or offer; back to the list."""
    case = _case_for(request, case_pk, "matching.decide")
    form = DecisionForm(request.POST)
    back = form.data.get("next", "")
    if not (back.startswith("/") and not back.startswith("//")):
        back = ""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back) if back else redirect("matching:case_matches", case_pk=case.pk)
    data = form.cleaned_data
    vacancy = offer = None
    if data["vacancy"]:
        vacancy = get_object_or_404(
            match_selectors.vacancies_visible_to(request.user).filter(project_id=case.project_id),
            pk=data["vacancy"],
        )
    else:
        offer = get_object_or_404(
            offers_visible_to(request.user).filter(project_id=case.project_id), pk=data["offer"]
        )
    try:
        suggestion = services.suggestion_decide(
            actor=request.user,
            case=case,
            decision=data["decision"],
            reason=data["reason"],
            vacancy=vacancy,
            offer=offer,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Saved: %(target)s – %(decision)s.")
            % {"target": vacancy or offer, "decision": suggestion.get_decision_display()},
        )
    if back:
        return redirect(back)
    return redirect("matching:case_matches", case_pk=case.pk)


@require_http_methods(["GET", "POST"])
def weights(request, project_slug: str):
    """The project lead sets how many points each factor is worth."""
    project = get_object_or_404(projects_visible_to(request.user), slug=project_slug)
    if not request.user.has_perm("matching.change_weights", project):
        raise PermissionDenied
    instance = MatchWeights.objects.filter(project=project).first() or MatchWeights(project=project)
    form = WeightsForm(request.POST or None, instance=instance)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.WEIGHT_FIELDS}
        result = save_versioned_form(
            form,
            lambda: services.weights_update(
                actor=request.user,
                project=project,
                data=data,
                expected_version=form.cleaned_data.get("expected_version"),
            ),
            stored=lambda: MatchWeights.objects.get(project=project),
        )
        if result.saved:
            messages.success(request, _("The weights were saved."))
            return redirect("matching:weights", project_slug=project.slug)
        changes = result.changes
    return render(
        request,
        "matching/weights.html",
        {"project": project, "form": form, "changes": changes},
    )
