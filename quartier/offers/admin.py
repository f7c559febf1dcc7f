"""Admin pages of the offers app (platform admins); staff work in the app's own pages.

Certificates are read-only here: an issued certificate is never changed.
"""

from django.contrib import admin

from quartier.offers.models import (
    Certificate,
    Enrolment,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "project", "organisation", "accessible"]
    list_filter = ["project"]
    search_fields = ["name", "street", "city"]
    raw_id_fields = ["project", "organisation", "district"]


class OfferTranslationInline(admin.StackedInline):
    model = OfferTranslation
    extra = 0
    raw_id_fields = ["reviewed_by"]


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0
    raw_id_fields = ["location"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "project", "organisation", "published", "active"]
    list_filter = ["kind", "published", "active", "project"]
    search_fields = ["title"]
    raw_id_fields = ["project", "organisation", "contact_person", "locations"]
    list_select_related = ["project", "organisation"]
    inlines = [OfferTranslationInline, ScheduleInline]


@admin.register(ScheduleException)
class ScheduleExceptionAdmin(admin.ModelAdmin):
    list_display = ["schedule", "date", "reason"]
    raw_id_fields = ["schedule"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["case", "offer", "status", "start_date", "end_date"]
    list_filter = ["status"]
    raw_id_fields = ["offer", "case", "goal"]
    list_select_related = ["case__participant", "offer"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "participant_name", "offer_title", "kind", "issued_on", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["number", "participant_name"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["requested_by_name", "offer", "status", "preferred_date", "scheduled_for"]
    list_filter = ["status"]
    raw_id_fields = ["offer", "district", "team"]
