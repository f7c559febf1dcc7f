"""URLs of the network, one `network:` namespace built from one list per area:
partners and coach teams, referrals (the sender's pages from the case, the recipient's
inbox), meetings with their outcomes, the network's figures. Everything needs a login."""

from django.urls import path  # noqa: F401

app_name = "network"

partner_patterns: list = []
referral_patterns: list = []
# inbox: the recipient's side of referrals and all answers ---------------------------
from quartier.network.views import inbox as inbox_views  # noqa: E402

inbox_patterns: list = [
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
meeting_patterns: list = []
figure_patterns: list = []

urlpatterns = [
    *partner_patterns,
    *referral_patterns,
    *inbox_patterns,
    *meeting_patterns,
    *figure_patterns,
]
