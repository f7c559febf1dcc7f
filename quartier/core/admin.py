"""Django admin pages for the core model (platform admins)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from quartier.core.models import (
    ApiToken,
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    User,
)

# The admin has no password-only login of its own: anonymous visitors go through the
# allauth login (MFA, axes); logged-in people without admin access get a 403.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "is_demo", "last_login"]
    list_filter = ["is_active", "is_superuser", "is_staff", "is_demo"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "is_demo", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]


class DistrictStatisticInline(admin.StackedInline):
    model = DistrictStatistic
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "slug"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["city", "name"]}
    inlines = [DistrictStatisticInline]


@admin.register(DistrictStatistic)
class DistrictStatisticAdmin(admin.ModelAdmin):
    list_display = ["district", "reference_date", "population_district", "sgb2_rate_district"]
    list_filter = ["district"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme"]
    list_filter = ["kind"]
    search_fields = ["name", "programme"]


class ConsortiumFormSet(BaseInlineFormSet):
    """A consortium with members has exactly one lead organisation."""

    def clean(self):
        super().clean()
        members = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        leads = sum(1 for data in members if data.get("is_lead"))
        if members and leads != 1:
            raise ValidationError(
                _("Mark exactly one organisation of the consortium as lead (now: %(count)s).")
                % {"count": leads}
            )


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    formset = ConsortiumFormSet
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "end_date"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["funders", "districts"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProjectMemberInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "project"]
    list_filter = ["role", "project"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation", "project"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["key_prefix", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        # A token's key is shown only once, so tokens are made in the app or by the command.
        return False
