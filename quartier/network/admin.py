"""The network in the admin: for platform admins, read mostly; the pages are where
staff work."""

from django.contrib import admin

from quartier.network import models


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["partner_organisation", "project", "level", "is_active"]
    list_filter = ["project", "level", "is_active"]
    search_fields = ["partner_organisation__name", "role"]
    raw_id_fields = ["project", "organisation", "partner_organisation"]
    filter_horizontal = ["districts"]


@admin.register(models.CoachTeam)
class CoachTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "project", "is_public"]
    list_filter = ["project", "is_public"]


class ReferralEventInline(admin.TabularInline):
    model = models.ReferralEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "at",
        "actor",
        "organisation",
        "kind",
        "from_state",
        "to_state",
        "reason",
        "note",
    ]


@admin.register(models.Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["pk", "project", "sender_organisation", "recipient", "purpose", "state"]
    list_filter = ["project", "state", "direction", "purpose"]
    raw_id_fields = ["case", "consent", "feedback_consent", "partner", "offer"]
    readonly_fields = ["shared_data"]
    inlines = [ReferralEventInline]


@admin.register(models.NetworkSettings)
class NetworkSettingsAdmin(admin.ModelAdmin):
    list_display = ["project", "remind_after", "escalate_after", "expire_after"]


class OutcomeInline(admin.TabularInline):
    model = models.MeetingOutcome
    fk_name = "meeting"
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "project"]
    list_filter = ["project", "kind", "level"]
    search_fields = ["title", "agenda"]
    inlines = [OutcomeInline]
