"""Employers (Betriebe): the company with its sector and size, the size it declared
on a date, its contact persons and the dated history of the relationship."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.economy.models.common import (
    ReviewStatus,
    clean_coordinates,
    coordinate_constraints,
    employer_name_key,
    latitude_field,
    longitude_field,
    postcode_field,
)


class Sector(models.TextChoices):
    """The sections of the German classification of economic activities (WZ 2008)."""

    A = "A", _("A – agriculture, forestry and fishing")
    B = "B", _("B – mining and quarrying")
    C = "C", _("C – manufacturing")
    D = "D", _("D – electricity, gas, steam and air conditioning supply")
    E = "E", _("E – water supply, sewerage, waste management")
    F = "F", _("F – construction")
    G = "G", _("G – wholesale and retail trade, repair of motor vehicles")
    H = "H", _("H – transportation and storage")
    I = "I", _("I – accommodation and food service")  # noqa: E741 (the WZ letter)
    J = "J", _("J – information and communication")
    K = "K", _("K – financial and insurance services")
    L = "L", _("L – real estate")
    M = "M", _("M – professional, scientific and technical services")
    N = "N", _("N – administrative and support services")
    O = "O", _("O – public administration and defence, social security")  # noqa: E741
    P = "P", _("P – education")
    Q = "Q", _("Q – human health and social work")
    R = "R", _("R – arts, entertainment and recreation")
    S = "S", _("S – other service activities")
    T = "T", _("T – households as employers")
    U = "U", _("U – extraterritorial organisations")


class LegalForm(models.TextChoices):
    SOLE_TRADER = "sole_trader", _("sole trader (Einzelunternehmen)")
    GBR = "gbr", _("civil-law partnership (GbR)")
    OHG = "ohg", _("general partnership (OHG)")
    KG = "kg", _("limited partnership (KG, GmbH & Co. KG)")
    GMBH = "gmbh", _("limited company (GmbH)")
    UG = "ug", _("entrepreneurial company (UG)")
    GGMBH = "ggmbh", _("non-profit limited company (gGmbH)")
    AG = "ag", _("stock corporation (AG)")
    EG = "eg", _("cooperative (eG)")
    EV = "ev", _("registered association (e. V.)")
    PUBLIC = "public", _("public body")
    OTHER = "other", _("other")
    UNKNOWN = "", _("not known")


class SizeClass(models.TextChoices):
    """The EU size classes by staff headcount (Recommendation 2003/361/EC)."""

    MICRO = "micro", _("micro (fewer than 10)")
    SMALL = "small", _("small (fewer than 50)")
    MEDIUM = "medium", _("medium (fewer than 250)")
    LARGE = "large", _("large (250 or more)")
    UNKNOWN = "", _("not declared")


#: The size classes that are SMEs (EECO19).
SME_SIZE_CLASSES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


def size_class_for(headcount: int | None) -> str:
    """The size class a headcount falls into ("" for an unknown headcount)."""
    if headcount is None:
        return SizeClass.UNKNOWN
    if headcount < 10:
        return SizeClass.MICRO
    if headcount < 50:
        return SizeClass.SMALL
    if headcount < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class Employer(BaseModel):
    """A local business the project works with, owned by one organisation in one project.

    `size_class`, `headcount` and `size_declared_on` are the latest declaration; every
    declaration is kept in `SizeDeclaration`, so that a report for an earlier period
    uses the size that was declared then."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="employers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    name = models.CharField(_("name"), max_length=200)
    #: The name reduced to lower-case letters and digits, for the duplicate check.
    name_key = models.CharField(max_length=200, editable=False, db_index=False)
    legal_form = models.CharField(
        _("legal form"), max_length=12, choices=LegalForm, blank=True, default=LegalForm.UNKNOWN
    )
    sector = models.CharField(
        _("sector (WZ 2008 section)"), max_length=1, choices=Sector, blank=True
    )
    headcount = models.PositiveIntegerField(_("staff (headcount)"), null=True, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=6, choices=SizeClass, blank=True, default=SizeClass.UNKNOWN
    )
    size_declared_on = models.DateField(_("size declared on"), null=True, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = postcode_field()
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    in_programme_area = models.BooleanField(_("in the programme area"), default=False)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus, default=ReviewStatus.CONFIRMED
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
    )

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]
        constraints = [
            *coordinate_constraints("employer"),
            models.CheckConstraint(
                condition=Q(size_class__in=["", "micro", "small", "medium", "large"]),
                name="employer_size_class_known",
                violation_error_message=_("Choose a size class."),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "organisation"], name="employer_tenant"),
            models.Index(fields=["project", "name_key", "postcode"], name="employer_duplicate"),
            models.Index(fields=["project", "review_status"], name="employer_review"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode} {self.city})".replace(" ()", "").strip()

    def clean(self) -> None:
        clean_coordinates(self)

    def save(self, *args, **kwargs) -> None:
        self.name_key = employer_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_sme(self) -> bool:
        return self.size_class in SME_SIZE_CLASSES

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class EmployerChild(BaseModel):
    """Something that belongs to one employer; its audit entries are scoped like it."""

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"employer_id": self.employer_id}


class SizeDeclaration(EmployerChild):
    """The size an employer declared on a date (kept, so that reports for an earlier
    period count the size that applied then)."""

    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="size_declarations",
    )
    declared_on = models.DateField(_("declared on"), default=date.today)
    headcount = models.PositiveIntegerField(_("staff (headcount)"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=6, choices=SizeClass)

    class Meta:
        verbose_name = _("size declaration")
        verbose_name_plural = _("size declarations")
        ordering = ["employer", "declared_on", "id"]
        indexes = [
            models.Index(fields=["employer", "declared_on"], name="sizedecl_employer_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_size_class_display()} {self.declared_on:%d.%m.%Y}"


class LegalBasis(models.TextChoices):
    """Why Quartier may store a contact person's data (GDPR Art. 6(1))."""

    LEGITIMATE_INTEREST = (
        "legitimate_interest",
        _("legitimate interest: business contact (Art. 6(1)(f))"),
    )
    CONTRACT = "contract", _("contract or cooperation agreement (Art. 6(1)(b))")
    CONSENT = "consent", _("consent of the person (Art. 6(1)(a))")


class ContactPerson(EmployerChild):
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    legal_basis = models.CharField(
        _("basis for storing"),
        max_length=20,
        choices=LegalBasis,
        default=LegalBasis.LEGITIMATE_INTEREST,
    )
    basis_noted_on = models.DateField(_("basis noted on"), default=date.today)
    is_active = models.BooleanField(_("current contact"), default=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["employer", "-is_active", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ContactChannel(models.TextChoices):
    VISIT = "visit", _("visit")
    MEETING = "meeting", _("meeting at the project")
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")
    EVENT = "event", _("at an event")
    OTHER = "other", _("other")


class EmployerContact(EmployerChild):
    """One dated step of the relationship: a visit, a call, an e-mail."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"), default=date.today)
    channel = models.CharField(_("how"), max_length=10, choices=ContactChannel)
    contact_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_contact_on = models.DateField(_("next contact due"), null=True, blank=True)

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["employer", "-date", "-id"]
        indexes = [
            models.Index(fields=["employer", "date"], name="empcontact_employer_date"),
            models.Index(fields=["next_contact_on"], name="empcontact_next_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.date:%d.%m.%Y}: {self.subject}"
