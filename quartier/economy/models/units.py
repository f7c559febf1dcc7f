"""Vacant commercial units (Leerstand) for the location management: where, how big,
what rent, who owns them, and the way from vacant to let."""

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.economy.models.common import (
    clean_coordinates,
    coordinate_constraints,
    latitude_field,
    longitude_field,
    postcode_field,
)
from quartier.economy.models.employers import Employer


class UnitUse(models.TextChoices):
    SHOP = "shop", _("shop")
    OFFICE = "office", _("office")
    WORKSHOP = "workshop", _("workshop")
    GASTRONOMY = "gastronomy", _("café or restaurant")
    PRACTICE = "practice", _("practice")
    STORAGE = "storage", _("storage")
    OTHER = "other", _("other")


class UnitStatus(models.TextChoices):
    VACANT = "vacant", _("vacant")
    IN_TALKS = "in_talks", _("in talks")
    LET = "let", _("let")


class VacantUnit(BaseModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="vacant_units"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="vacant_units",
    )
    title = models.CharField(_("name"), max_length=200, help_text=_("e.g. former bakery"))
    use = models.CharField(_("suited for"), max_length=12, choices=UnitUse, default=UnitUse.SHOP)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = postcode_field()
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacant_units",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    area_m2 = models.DecimalField(
        _("area (m²)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rent_monthly = models.DecimalField(
        _("rent per month (€, without heating)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    owner_contact = models.CharField(_("owner contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus, default=UnitStatus.VACANT
    )
    vacant_since = models.DateField(_("vacant since"), null=True, blank=True)
    status_since = models.DateField(_("status since"), default=date.today)
    let_on = models.DateField(_("let on"), null=True, blank=True)
    tenant = models.ForeignKey(
        Employer,
        verbose_name=_("business that moved in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units_moved_into",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("vacant unit")
        verbose_name_plural = _("vacant units")
        ordering = ["status", "street", "id"]
        constraints = [
            *coordinate_constraints("vacantunit"),
            models.CheckConstraint(
                condition=~Q(status="let") | Q(let_on__isnull=False),
                name="vacantunit_let_has_date",
                violation_error_message=_("Enter the date the unit was let."),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "organisation"], name="vacantunit_tenant"),
            models.Index(fields=["project", "status"], name="vacantunit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.street}"

    def clean(self) -> None:
        clean_coordinates(self)

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class UnitStatusChange(BaseModel):
    """One step of a unit's way: the status it moved to, and when."""

    unit = models.ForeignKey(
        VacantUnit,
        verbose_name=_("vacant unit"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=10, choices=UnitStatus)
    date = models.DateField(_("date"), default=date.today)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["unit", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.date:%d.%m.%Y}"
