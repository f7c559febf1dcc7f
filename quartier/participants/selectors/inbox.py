"""The inbox of appointment requests from the offer map, on the start page of case staff.

A resident's request becomes a `FirstContact` with status "request"
(`stadtteilplan.services.appointments.appointment_request_create`) of one project and one
organisation. The organisation's case staff in that project (project leads, case
workers, job coaches) see it in their inbox, assign it to one of them, record how far
they got (`RequestStep`: called, appointment made, done, not reached) and close it.
Every one of these is a `RequestEvent`, dated, with who did it. A closed request
leaves the inbox; the retention rule of the offer map deletes it in time like any
request that did not lead to taking part.

Reads start from `first_contacts_visible_to(user)`: someone without a case role in
the request's project and organisation does not find it at all (the views answer 404).

The writes (assign, step, close) are in `services.inbox`.
"""

from django.db.models import Case, Prefetch, QuerySet, Value, When

from quartier.core.models import User
from quartier.core.tenancy import CASE_ROLES, staff_with_role
from quartier.participants.models import FirstContact, RequestEvent, RequestStep
from quartier.participants.selectors.participants import first_contacts_visible_to

#: Requests the start page lists (the oldest first; more are counted).
INBOX_SHOWN = 50


# Reads -------------------------------------------------------------------------------


def open_requests_visible_to(user) -> QuerySet[FirstContact]:
    """Appointment requests not yet closed that the user may work on."""
    return first_contacts_visible_to(user).filter(status=FirstContact.Status.REQUEST)


def request_inbox(*, user) -> QuerySet[FirstContact]:
    """The open requests for the start page: the user's own and the unassigned ones
    first, then those of colleagues; the oldest first; with their steps."""
    mine_first = Case(
        When(assigned_to=user, then=Value(0)),
        When(assigned_to__isnull=True, then=Value(1)),
        default=Value(2),
    )
    return (
        open_requests_visible_to(user)
        .select_related("project", "organisation", "assigned_to")
        .prefetch_related(
            Prefetch(
                "request_events",
                queryset=RequestEvent.objects.select_related("by", "assigned_to"),
            )
        )
        .alias(mine_first=mine_first)
        .order_by("mine_first", "date", "id")
    )


def start_page_inbox(*, user) -> dict:
    """The start page's part (registered in `ParticipantsConfig.ready`): the first
    INBOX_SHOWN open requests with their assignees, how many there are, and the steps
    a request can be marked with."""
    requests = request_inbox(user=user)
    shown = with_assignees(list(requests[:INBOX_SHOWN]))
    return {
        "request_inbox": shown,
        "request_inbox_count": len(shown) if len(shown) < INBOX_SHOWN else requests.count(),
        "request_steps": [
            (value, label) for value, label in RequestStep.choices if value != RequestStep.NEW
        ],
    }


def request_assignees(first_contact: FirstContact) -> QuerySet[User]:
    """Who a request may be assigned to: the active staff with a case role in its
    project and organisation."""
    return staff_with_role(
        first_contact.project_id, *CASE_ROLES, organisation=first_contact.organisation_id
    )


def with_assignees(requests: list[FirstContact]) -> list[FirstContact]:
    """Set `assignee_choices` on each request (one query per team, not per request)."""
    teams: dict[tuple[int, int], list[User]] = {}
    for first_contact in requests:
        team = (first_contact.project_id, first_contact.organisation_id)
        if team not in teams:
            teams[team] = list(request_assignees(first_contact))
        first_contact.assignee_choices = teams[team]
    return requests


def request_get(*, user, pk: int) -> FirstContact:
    """An open request the user may work on; `FirstContact.DoesNotExist` otherwise."""
    return open_requests_visible_to(user).get(pk=pk)
