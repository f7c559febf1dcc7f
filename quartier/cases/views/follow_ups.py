"""Follow-ups (Wiedervorlagen): create one, tick it off or reopen it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.cases.forms import (
    FollowUpForm,
)
from quartier.cases.selectors import follow_ups as follow_up_selectors
from quartier.cases.services import follow_ups as follow_up_services
from quartier.cases.views.cases import _case_for_change


@require_http_methods(["GET", "POST"])
def follow_up_create(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    form = FollowUpForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_services.follow_up_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up was added."))
            return redirect("cases:case_detail", case_pk=case.pk)
    return render(request, "cases/follow_up_form.html", {"case": case, "form": form})


@require_POST
def follow_up_toggle(request, follow_up_pk: int):
    """Tick a follow-up off (or back on); with htmx only the row is re-rendered."""
    follow_up = get_object_or_404(
        follow_up_selectors.follow_ups_visible_to(request.user).select_related(
            "case", "case__participant", "assigned_to"
        ),
        pk=follow_up_pk,
    )
    if not request.user.has_perm("cases.change_case", follow_up.case):
        raise PermissionDenied
    done = request.POST.get("done") == "1"
    follow_up_services.follow_up_set_done(actor=request.user, follow_up=follow_up, done=done)
    if request.htmx:
        return render(
            request,
            "cases/_follow_up_row.html",
            {
                "item": follow_up,
                "today": timezone.localdate(),
                "show_case": request.POST.get("show_case") == "1",
            },
        )
    if done:
        messages.success(request, _("Marked as done."))
    else:
        messages.success(request, _("Marked as not done."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("cases:case_detail", case_pk=follow_up.case_id)
