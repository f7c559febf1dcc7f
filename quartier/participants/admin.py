"""Admin pages for participants, consents, consent texts and first contacts (platform admins)."""

from django.contrib import admin

from quartier.participants.models import Consent, ConsentText, FirstContact, Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["external_id", "last_name", "first_name", "project", "organisation"]
    list_filter = ["project", "gender", "labour_status"]
    search_fields = ["external_id", "last_name", "first_name"]
    list_select_related = ["project", "organisation"]
    raw_id_fields = ["project", "organisation", "district"]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """The wording each project prints on its consent form, per purpose and version."""

    list_display = ["project", "purpose", "text_version", "valid_from"]
    list_filter = ["project", "purpose"]
    search_fields = ["text"]
    # A version someone signed is read-only and cannot be deleted (`ConsentText.clean`
    # and `delete` refuse as well); the bulk delete would skip the model's `delete`.
    actions = None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed():
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["participant", "purpose", "form", "text_version", "given_on", "withdrawn_on"]
    list_filter = ["purpose", "form"]
    raw_id_fields = ["participant", "partner", "recorded_by"]
    list_select_related = ["participant"]


@admin.register(FirstContact)
class FirstContactAdmin(admin.ModelAdmin):
    list_display = ["date", "channel", "project", "organisation", "status", "name"]
    list_filter = ["project", "channel", "status"]
    raw_id_fields = ["project", "organisation", "participant"]
    list_select_related = ["project", "organisation"]
