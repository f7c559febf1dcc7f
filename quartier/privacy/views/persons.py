"""The persons a data-protection officer answers for: the list with its search
(privacy:person_list) and a person's data-protection page (privacy:person_detail), the
hub from which she withdraws a consent, reads who accessed the person's data, exports
it (Art. 15) and erases it (Art. 17). A person of another organisation is a 404."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartier.core.pagination import page_query
from quartier.participants.models import Participant
from quartier.privacy.forms.persons import PersonSearchForm
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors import persons as selectors
from quartier.privacy.selectors.start_page import privacy_projects
from quartier.privacy.services.access_log import access_log_record

PAGE_SIZE = 25
NAV = "privacy"


@require_GET
def person_list(request):
    if not request.user.has_perm("privacy.view_privacy"):
        raise PermissionDenied(_("The data-protection pages are for data-protection officers."))
    form = PersonSearchForm(request.GET or None, projects=privacy_projects(request.user))
    persons = selectors.person_list(user=request.user, filters=form.filters())
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        access_log_record(
            actor=request.user,
            action=AccessLogEntry.Action.LIST,
            record=Participant,
            detail=f"data protection person list, {len(page.object_list)} rows",
        )
    return render(
        request,
        "privacy/persons/list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.filtered,
            "query_string": page_query(request),
            "nav_active": NAV,
        },
    )


@require_GET
def person_detail(request, participant_pk: int):
    try:
        participant = selectors.person_get(user=request.user, pk=participant_pk)
    except Participant.DoesNotExist:
        raise Http404(_("No such person.")) from None
    if not request.user.has_perm("privacy.view_person", participant):
        raise PermissionDenied
    page = selectors.person_page(participant=participant)
    access_log_record(
        actor=request.user,
        action=AccessLogEntry.Action.VIEW,
        record=participant,
        detail="data protection page",
    )
    return render(
        request,
        "privacy/persons/detail.html",
        {"participant": participant, "o": page, "nav_active": NAV},
    )
