"""Admin of the operations app: the job runs and the workers' heartbeats, read-only
(the scheduler and the workers write them; /betrieb/ has the retry button)."""

from django.contrib import admin

from quartier.operations.models import JobRun, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["job", "due_date", "status", "attempts", "next_attempt_at", "node"]
    list_filter = ["status", "job"]
    date_hierarchy = "due_date"
    search_fields = ["job"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "host", "pid", "started_at", "last_seen"]
