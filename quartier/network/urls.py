"""URLs of the network, one `network:` namespace built from one list per area:
partners and coach teams, referrals (the sender's pages from the case, the recipient's
inbox), meetings with their outcomes, the network's figures. Everything needs a login."""

from django.urls import path  # noqa: F401

from quartier.network.views import partners as partner_views

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
referral_patterns: list = []
inbox_patterns: list = []
meeting_patterns: list = []
figure_patterns: list = []

urlpatterns = [
    *partner_patterns,
    *referral_patterns,
    *inbox_patterns,
    *meeting_patterns,
    *figure_patterns,
]
