"""Admin pages of the case file (platform admins); staff work in the app's own pages."""

from django.contrib import admin

from quartier.cases.models import Case, FollowUp, Skill


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["participant", "project", "organisation", "stage", "entry_date", "exit_date"]
    list_filter = ["project", "stage"]
    search_fields = ["participant__last_name", "participant__external_id"]
    raw_id_fields = ["participant", "project", "organisation", "responsible"]
    list_select_related = ["participant", "project", "organisation"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """The curated strengths list used in assessments."""

    list_display = ["name", "category", "esco_uri"]
    list_filter = ["category"]
    search_fields = ["name"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["title", "due_date", "kind", "assigned_to", "done_at"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "assigned_to", "done_by"]
