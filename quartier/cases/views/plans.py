"""The plan page (Förderplan) with its goals."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.forms import (
    GoalFormSet,
    PlanForm,
)
from quartier.cases.models import Plan
from quartier.cases.services import plans as plan_services
from quartier.cases.views.cases import _case_for_change
from quartier.core.forms import save_versioned_form


@require_http_methods(["GET", "POST"])
def plan_edit(request, case_pk: int):
    """The Förderplan with its goals, in one form; a stale plan is refused as a whole."""
    case = _case_for_change(request, case_pk)
    plan = Plan.objects.filter(case=case).first()
    goals = list(plan.goals.order_by("position", "id")) if plan else []
    initial_goals = [
        {
            "id": g.pk,
            "title": g.title,
            "steps": g.steps,
            "due_date": g.due_date,
            "status": g.status,
            "responsible": g.responsible,
        }
        for g in goals
    ]
    form = PlanForm(
        request.POST or None,
        initial={
            "expected_version": plan.version if plan else 0,
            "agreed_on": plan.agreed_on if plan else None,
            "summary": plan.summary if plan else "",
        },
    )
    formset = GoalFormSet(request.POST or None, initial=initial_goals, prefix="goals")
    changes = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = []
        for goal_form in formset:
            data = goal_form.cleaned_data
            if not data or (not data.get("id") and not data.get("title")):
                continue
            items.append({**data, "delete": data.get("DELETE", False)})
        refused_against = []  # the plan as stored, read only after a stale save

        def stored_plan():
            refused_against.append(Plan.objects.filter(case=case).first())
            return refused_against[0]

        outcome = save_versioned_form(
            form,
            lambda: plan_services.plan_save(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["expected_version"],
                agreed_on=form.cleaned_data["agreed_on"],
                summary=form.cleaned_data["summary"],
                goals=items,
            ),
            stored=stored_plan,
        )
        if outcome.saved:
            messages.success(request, _("The plan was saved."))
            return redirect("cases:case_detail", case_pk=case.pk)
        changes = outcome.changes
        if refused_against and refused_against[0]:
            changes += [(_("Goal"), goal.title, "") for goal in refused_against[0].goals.all()]
    return render(
        request,
        "cases/plan_form.html",
        {"case": case, "plan": plan, "form": form, "formset": formset, "changes": changes},
    )
