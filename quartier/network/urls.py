"""URLs of the network, one `network:` namespace built from one list per area:
partners and coach teams, referrals (the sender's pages from the case, the recipient's
inbox), meetings with their outcomes, the network's figures. Everything needs a login."""

from django.urls import path

from quartier.network.views import referrals as referral_views

app_name = "network"

partner_patterns: list = []
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
