"""Pages of contacts (Kontakte): record one, list a case's contacts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.cases.forms import (
    ContactForm,
)
from quartier.cases.selectors import case_page as case_page_selectors
from quartier.cases.selectors import cases as case_selectors
from quartier.cases.selectors import contacts as contact_selectors
from quartier.cases.services import contacts as contact_services
from quartier.cases.views.cases import _case_for_change
from quartier.core.pagination import page_query
from quartier.participants.models import Topic
from quartier.privacy.services.access_log import access_log_record


@require_http_methods(["GET", "POST"])
def contact_create(request, case_pk: int):
    case = _case_for_change(request, case_pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.contact_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect("cases:case_detail", case_pk=case.pk)
    return render(request, "cases/contact_form.html", {"case": case, "form": form})


def contact_list(request, case_pk: int):
    case = case_selectors.case_get(user=request.user, pk=case_pk)
    contacts = contact_selectors.contact_list(user=request.user, case=case.pk)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    access_log_record(actor=request.user, action="view", record=case, detail="contacts")
    return render(
        request,
        "cases/contact_list.html",
        {
            "case": case,
            "page": page,
            "query_string": page_query(request),
            "hours": case_page_selectors.case_hours(case),
            "topic_labels": dict(Topic.choices),
        },
    )
