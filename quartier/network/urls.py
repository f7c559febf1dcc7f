"""URLs of the network, one `network:` namespace built from one list per area:
partners and coach teams, referrals (the sender's pages from the case, the recipient's
inbox), meetings with their outcomes, the network's figures. Everything needs a login."""

from django.urls import path

from quartier.network.views import deadlines as deadline_views

# figures (area `figures`)
from quartier.network.views import (
    figures,
    meetings,  # meetings
)
from quartier.network.views import inbox as inbox_views
from quartier.network.views import partners as partner_views
from quartier.network.views import referrals as referral_views

app_name = "network"

# partners: the network's partners with their contact persons and contacts, the coach
# teams per district with their members.
partner_patterns: list = [
    path("netzwerk/partner/", partner_views.partner_list, name="partner_list"),
    path("netzwerk/partner/neu/", partner_views.partner_create, name="partner_create"),
    path("netzwerk/partner/<int:partner_pk>/", partner_views.partner_detail, name="partner_detail"),
    path(
        "netzwerk/partner/<int:partner_pk>/bearbeiten/",
        partner_views.partner_edit,
        name="partner_edit",
    ),
    path(
        "netzwerk/partner/<int:partner_pk>/personen/neu/",
        partner_views.person_create,
        name="partner_person_create",
    ),
    path(
        "netzwerk/partner/<int:partner_pk>/personen/<int:person_pk>/",
        partner_views.person_edit,
        name="partner_person_edit",
    ),
    path(
        "netzwerk/partner/<int:partner_pk>/personen/<int:person_pk>/loeschen/",
        partner_views.person_delete,
        name="partner_person_delete",
    ),
    path(
        "netzwerk/partner/<int:partner_pk>/kontakte/neu/",
        partner_views.contact_create,
        name="partner_contact_create",
    ),
    path("netzwerk/teams/", partner_views.team_list, name="team_list"),
    path("netzwerk/teams/neu/", partner_views.team_create, name="team_create"),
    path("netzwerk/teams/<int:team_pk>/", partner_views.team_detail, name="team_detail"),
    path("netzwerk/teams/<int:team_pk>/bearbeiten/", partner_views.team_edit, name="team_edit"),
    path(
        "netzwerk/teams/<int:team_pk>/mitglieder/neu/",
        partner_views.member_create,
        name="team_member_create",
    ),
    path(
        "netzwerk/teams/<int:team_pk>/mitglieder/<int:member_pk>/",
        partner_views.member_edit,
        name="team_member_edit",
    ),
    path(
        "netzwerk/teams/<int:team_pk>/mitglieder/<int:member_pk>/entfernen/",
        partner_views.member_delete,
        name="team_member_delete",
    ),
]
# --- referrals (the sender's side) ---
referral_patterns: list = [
    path("ueberleitungen/", referral_views.referral_list, name="referral_list"),
    path(
        "faelle/<int:case_pk>/ueberleitungen/neu/",
        referral_views.referral_create,
        name="referral_create",
    ),
    path(
        "faelle/<int:case_pk>/zuweisungen/neu/",
        referral_views.assignment_create,
        name="assignment_create",
    ),
    path(
        "ueberleitungen/<int:referral_pk>/", referral_views.referral_detail, name="referral_detail"
    ),
    path(
        "ueberleitungen/<int:referral_pk>/senden/",
        referral_views.referral_send,
        name="referral_send",
    ),
    path(
        "ueberleitungen/<int:referral_pk>/zurueckziehen/",
        referral_views.referral_cancel,
        name="referral_cancel",
    ),
    path(
        "ueberleitungen/<int:referral_pk>/brief.pdf",
        referral_views.referral_letter,
        name="referral_letter",
    ),
]
# meetings: network meetings, Beirat sessions, district conferences; their attendees,
# outcomes (information, decisions, tasks), evidence and minutes; ticking tasks off.
meeting_patterns: list = [
    path("netzwerk/treffen/", meetings.meeting_list, name="meeting_list"),
    path("netzwerk/treffen/neu/", meetings.meeting_create, name="meeting_create"),
    path("netzwerk/treffen/<int:meeting_pk>/", meetings.meeting_detail, name="meeting_detail"),
    path(
        "netzwerk/treffen/<int:meeting_pk>/bearbeiten/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/protokoll.pdf",
        meetings.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/teilnehmende/",
        meetings.attendee_add,
        name="meeting_attendee_add",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/teilnehmende/<int:attendee_pk>/",
        meetings.attendee_update,
        name="meeting_attendee_update",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/teilnehmende/<int:attendee_pk>/entfernen/",
        meetings.attendee_remove,
        name="meeting_attendee_remove",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/ergebnisse/",
        meetings.outcome_add,
        name="meeting_outcome_add",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/ergebnisse/<int:outcome_pk>/entfernen/",
        meetings.outcome_remove,
        name="meeting_outcome_remove",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/zahlen/",
        meetings.evidence_add,
        name="meeting_evidence_add",
    ),
    path(
        "netzwerk/treffen/<int:meeting_pk>/zahlen/<int:evidence_pk>/entfernen/",
        meetings.evidence_remove,
        name="meeting_evidence_remove",
    ),
    path("netzwerk/aufgaben/<int:task_pk>/erledigt/", meetings.task_done, name="task_done"),
    path("netzwerk/aufgaben/<int:task_pk>/wieder-offen/", meetings.task_reopen, name="task_reopen"),
]
# figures (area `figures`): the network view; project and period in the query string.
figure_patterns: list = [
    path("netzwerk/zahlen/", figures.figures, name="figures"),
]
# inbox: the recipient's side of referrals and all answers ---------------------------

inbox_patterns: list = [
    # The project lead's deadlines for an answer.
    path(
        "projekte/<slug:project_slug>/ueberleitungen/",
        deadline_views.deadlines,
        name="deadlines",
    ),
    path("ueberleitungen/eingang/", inbox_views.inbox, name="inbox"),
    path(
        "ueberleitungen/eingang/<int:referral_pk>/",
        inbox_views.inbox_detail,
        name="inbox_detail",
    ),
    path(
        "ueberleitungen/<int:referral_pk>/antwort/<str:action>/",
        inbox_views.referral_answer,
        name="referral_answer",
    ),
]
# end of inbox ---------------------------------------------------------------------

urlpatterns = [
    *partner_patterns,
    *referral_patterns,
    *inbox_patterns,
    *meeting_patterns,
    *figure_patterns,
]
