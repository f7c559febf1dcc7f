"""The URLconf. Everything needs login unless it is in settings.PUBLIC_URL_NAMES."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from quartier.api.api import api
from quartier.core import views as core_views

admin.site.site_header = "Quartier"
admin.site.site_title = "Quartier"


def favicon(request):
    """/favicon.ico for browsers that ask for it: the SVG icon under its static name."""
    return HttpResponseRedirect(static("quartier/favicon.svg"))


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("quartier.core.urls")),
    path("", include("quartier.participants.urls")),
    path("", include("quartier.cases.urls")),
    path("", include("quartier.offers.urls")),
    path("", include("quartier.economy.urls")),
    path("", include("quartier.matching.urls")),
    path("", include("quartier.network.urls")),
    path("", include("quartier.privacy.urls")),
    path("betrieb/", include("quartier.operations.urls")),
    path("", include("quartier.reports.urls")),
    path("stadtteilplan/", include("quartier.stadtteilplan.urls")),
    path("hsds/", include("quartier.stadtteilplan.hsds.urls")),
]

handler404 = "quartier.core.views.not_found"
handler500 = "quartier.core.views.server_error"
