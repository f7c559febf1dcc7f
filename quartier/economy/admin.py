"""Admin of the local economy: every model, for platform admins' repairs."""

from django.contrib import admin

from quartier.economy import models


class SizeDeclarationInline(admin.TabularInline):
    model = models.SizeDeclaration
    extra = 0


class ContactPersonInline(admin.TabularInline):
    model = models.ContactPerson
    extra = 0


@admin.register(models.Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "city", "size_class", "project", "organisation"]
    list_filter = ["project", "size_class", "sector", "review_status"]
    search_fields = ["name", "postcode", "city"]
    raw_id_fields = ["responsible", "district"]
    inlines = [SizeDeclarationInline, ContactPersonInline]


@admin.register(models.EmployerContact)
class EmployerContactAdmin(admin.ModelAdmin):
    list_display = ["employer", "date", "channel", "subject"]
    raw_id_fields = ["employer", "contact_person", "staff"]


@admin.register(models.EmployerService)
class EmployerServiceAdmin(admin.ModelAdmin):
    list_display = ["employer", "date", "kind", "aim"]
    list_filter = ["kind", "aim"]
    raw_id_fields = ["employer", "staff"]


class EventInvitationInline(admin.TabularInline):
    model = models.EventInvitation
    extra = 0
    raw_id_fields = ["employer"]


class EventTaskInline(admin.TabularInline):
    model = models.EventTask
    extra = 0
    raw_id_fields = ["employer", "assigned_to", "done_by"]


@admin.register(models.BusinessEvent)
class BusinessEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "project", "organisation"]
    list_filter = ["project", "kind"]
    raw_id_fields = ["responsible", "district"]
    inlines = [EventInvitationInline, EventTaskInline]


class UnitStatusChangeInline(admin.TabularInline):
    model = models.UnitStatusChange
    extra = 0


@admin.register(models.VacantUnit)
class VacantUnitAdmin(admin.ModelAdmin):
    list_display = ["title", "street", "status", "project"]
    list_filter = ["project", "status"]
    raw_id_fields = ["tenant", "district"]
    inlines = [UnitStatusChangeInline]


class VacancySkillInline(admin.TabularInline):
    model = models.VacancySkill
    extra = 0


@admin.register(models.Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "source", "employer", "project"]
    list_filter = ["project", "kind", "status", "source", "review_status"]
    search_fields = ["title", "ba_refnr", "postcode"]
    raw_id_fields = ["employer", "contact_person"]
    inlines = [VacancySkillInline]


@admin.register(models.JobImportRun)
class JobImportRunAdmin(admin.ModelAdmin):
    list_display = ["project", "started_at", "status", "created", "updated", "expired"]
    list_filter = ["status"]


class StabilisationCheckInline(admin.TabularInline):
    model = models.StabilisationCheck
    extra = 0
    raw_id_fields = ["assigned_to", "done_by"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["case", "job_title", "contract_kind", "start_date", "status"]
    list_filter = ["contract_kind", "status"]
    raw_id_fields = ["case", "vacancy", "employer"]
    inlines = [StabilisationCheckInline]


@admin.register(models.EconomySettings)
class EconomySettingsAdmin(admin.ModelAdmin):
    list_display = ["project", "check_months"]
