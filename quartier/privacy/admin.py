"""The access log in the admin: read-only, for platform admins and data protection officers."""

from django.contrib import admin

from quartier.privacy.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "record_type", "record_id", "detail"]
    list_filter = ["action", "record_type"]
    search_fields = ["user__email", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
