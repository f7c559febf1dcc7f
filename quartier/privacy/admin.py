"""The access log in the admin: read-only, for platform admins and data protection officers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quartier.privacy.display import detail_display, record_type_display
from quartier.privacy.models import AccessLogEntry


class RecordTypeFilter(admin.SimpleListFilter):
    """The record types by their models' names, not their labels."""

    title = _("record type")
    parameter_name = "record_type"

    def lookups(self, request, model_admin):
        types = AccessLogEntry.objects.order_by().values_list("record_type", flat=True).distinct()
        return sorted(
            ((label, record_type_display(AccessLogEntry(record_type=label))) for label in types),
            key=lambda pair: str(pair[1]),
        )

    def queryset(self, request, queryset):
        return queryset.filter(record_type=self.value()) if self.value() else queryset


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "record_type_shown", "record_id", "detail_shown"]
    list_filter = ["action", RecordTypeFilter]
    search_fields = ["user__email", "detail"]
    date_hierarchy = "at"

    @admin.display(description=_("record type"), ordering="record_type")
    def record_type_shown(self, entry: AccessLogEntry) -> str:
        return record_type_display(entry)

    @admin.display(description=_("detail"), ordering="detail")
    def detail_shown(self, entry: AccessLogEntry) -> str:
        return detail_display(entry.detail)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
