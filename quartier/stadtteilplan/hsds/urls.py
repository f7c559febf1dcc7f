"""URLs of the HSDS 3.0 API (namespace "hsds"), all public; paths as the HSDS 3.0
OpenAPI description names them. Ids are strings here, so that a malformed one gets
the API's JSON 404 rather than the site's HTML page."""

from django.urls import path, re_path

from quartier.stadtteilplan.hsds import views

app_name = "hsds"

urlpatterns = [
    path("", views.root, name="root"),
    path("services", views.service_list, name="service_list"),
    path("services/<str:id>", views.service_detail, name="service_detail"),
    path("service_at_locations", views.service_at_location_list, name="service_at_location_list"),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service_at_location_detail",
    ),
    path("organizations", views.organization_list, name="organization_list"),
    path("organizations/<str:id>", views.organization_detail, name="organization_detail"),
    path("taxonomies", views.taxonomy_list, name="taxonomy_list"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy_detail"),
    path("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_term_list"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="taxonomy_term_detail"),
    # Last: every other path under /hsds/ answers the API's JSON 404.
    re_path(r"^(?P<path>.+)$", views.unknown_path, name="unknown_path"),
]
