"""URLs of the core app."""

from django.urls import path

from quartier.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("projekte/", views.project_list, name="project_list"),
    path("projekte/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projekte/<slug:slug>/bearbeiten/", views.project_edit, name="project_edit"),
    path("projekte/<slug:slug>/team/", views.project_members, name="project_members"),
    path(
        "projekte/<slug:slug>/team/<int:membership_pk>/",
        views.membership_edit,
        name="membership_edit",
    ),
    path(
        "projekte/<slug:slug>/team/<int:membership_pk>/entfernen/",
        views.membership_delete,
        name="membership_delete",
    ),
    path("organisationen/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisationen/<slug:slug>/bearbeiten/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("quartiere/", views.district_list, name="district_list"),
    path("quartiere/<slug:slug>/", views.district_detail, name="district_detail"),
    path("konto/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "konto/api-tokens/<int:api_token_pk>/widerrufen/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("protokoll/", views.audit_log, name="audit_log"),
    path("hilfe/", views.help_page, name="help_index"),
    path("hilfe/<slug:slug>/", views.help_page, name="help"),
    path("einladung/<str:uid>/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
