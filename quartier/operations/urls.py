"""URLs of the operations pages (namespace "operations"), for platform admins: the
overview (operations:index) and its retry buttons for a job run and a task."""

from django.urls import path

from quartier.operations.views import overview

app_name = "operations"

urlpatterns = [
    path("", overview.index, name="index"),
    path("laeufe/<int:run_pk>/wiederholen/", overview.job_run_retry, name="job_run_retry"),
    path("aufgaben/<uuid:task_id>/wiederholen/", overview.task_retry, name="task_retry"),
]
