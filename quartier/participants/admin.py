"""Admin pages for participants (platform admins only)."""

from django.contrib import admin

from quartier.participants.models import Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["external_id", "last_name", "first_name", "project", "organisation"]
    list_filter = ["project", "gender"]
    search_fields = ["external_id", "last_name", "first_name"]
    list_select_related = ["project", "organisation"]
    raw_id_fields = ["project", "organisation", "district"]
