"""The JSON API, assembled from each app's `api.py`."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "quartier.api"
    label = "quartier_api"
    verbose_name = "API"
