"""URLs of the offers app: certificates. The verification page is public (it is on
settings.PUBLIC_URL_NAMES); everything else needs a login."""

from django.urls import path

from quartier.offers.views import certificates as views

app_name = "offers_certificate"

urlpatterns = [
    path(
        "angebote/<int:offer_pk>/zertifikate/",
        views.offer_certificates,
        name="offer_certificates",
    ),
    path(
        "angebote/<int:offer_pk>/zertifikate/alle-ausstellen/",
        views.offer_certificates_issue_all,
        name="offer_certificates_issue_all",
    ),
    path(
        "zertifikate/ausstellen/<int:enrolment_pk>/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path("zertifikate/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("zertifikate/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("zertifikate/<int:pk>/widerrufen/", views.certificate_revoke, name="certificate_revoke"),
    path("faelle/<int:case_pk>/zertifikate/", views.case_certificates, name="case_certificates"),
    path("zertifikate/pruefen/<str:token>/", views.certificate_verify, name="certificate_verify"),
]
