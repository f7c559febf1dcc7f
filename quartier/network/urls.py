"""URLs of the network, one `network:` namespace built from one list per area:
partners and coach teams, referrals (the sender's pages from the case, the recipient's
inbox), meetings with their outcomes, the network's figures. Everything needs a login."""

from django.urls import path  # noqa: F401

# figures (area `figures`)
from quartier.network.views import figures

app_name = "network"

partner_patterns: list = []
referral_patterns: list = []
inbox_patterns: list = []
meeting_patterns: list = []
# figures (area `figures`): the network view; project and period in the query string.
figure_patterns: list = [
    path("netzwerk/zahlen/", figures.figures, name="figures"),
]

urlpatterns = [
    *partner_patterns,
    *referral_patterns,
    *inbox_patterns,
    *meeting_patterns,
    *figure_patterns,
]
