"""Core tenancy model: users, organisations, districts, funders, projects and roles.

Every person-related row elsewhere belongs to a `Project` and an owning
`Organisation`; a user's `Membership` says what they may do there.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps, author and a version number for optimistic locking."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Every save of an existing row raises its version, wherever it comes from (a
        service, the admin, a command), so that a form opened before is refused by
        `services.save_versioned` instead of overwriting the newer data."""
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None) -> None:
        """Like Django's, with each constraint's message at the field it concerns
        (quartier.core.constraints.field_of), so that a form shows it there."""
        from quartier.core.constraints import field_of

        exclude = set(exclude or ())
        using = router.db_for_write(type(self), instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    try:
                        field = field_of(constraint)
                    except LookupError:  # a test names every constraint's field
                        field = None
                    if field is None or field in exclude:
                        field = NON_FIELD_ERRORS
                    if getattr(error, "code", None) is None:
                        # A stable code for API clients and tests: the constraint's name.
                        error = ValidationError(error.message, code=constraint.name)
                    errors.setdefault(field, []).append(error)
        if errors:
            raise ValidationError(errors)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Platform admins are superusers; all others act through memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("May log in to the Django admin site."),
    )
    is_demo = models.BooleanField(
        _("demo user"),
        default=False,
        help_text=_("Created by seed_demo; may skip MFA outside production."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Organisation(BaseModel):
    """A provider, partner or other organisation (Träger, Kooperationspartner)."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Provider (Träger)")
        JOBCENTER = "jobcenter", _("Jobcenter / employment agency")
        COUNSELLING = "counselling", _("Counselling service")
        SCHOOL = "school", _("School")
        MUNICIPALITY = "municipality", _("Municipality")
        RELIGIOUS = "religious", _("Religious community")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROVIDER)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so that the audit log can be scoped by tenant."""
        return {"organisation_id": self.pk}


class District(BaseModel):
    """A neighbourhood (Quartier, Programmgebiet) with its centre and optional boundary."""

    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    centre_lat = models.DecimalField(
        _("centre latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    centre_lon = models.DecimalField(
        _("centre longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry."),
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city", "name"]

    def __str__(self) -> str:
        return f"{self.city}-{self.name}" if self.city not in self.name else self.name

    def clean(self) -> None:
        super().clean()
        if self.boundary is not None:
            validate_geojson_area(self.boundary)


def validate_geojson_area(value) -> None:
    """Accept a GeoJSON Polygon or MultiPolygon geometry (or a Feature holding one)."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            {"boundary": _("The boundary must be a GeoJSON Polygon or MultiPolygon.")}
        )
    rings = value.get("coordinates")
    polygons = rings if value["type"] == "MultiPolygon" else [rings]
    try:
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4 or ring[0] != ring[-1]:
                    raise ValidationError(
                        {"boundary": _("Each ring needs at least four points and must close.")}
                    )
                for lon, lat, *_rest in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        raise ValidationError(
                            {"boundary": _("A coordinate lies outside longitude/latitude range.")}
                        )
    except (TypeError, ValueError) as error:
        raise ValidationError(
            {"boundary": _("The boundary coordinates cannot be read.")}
        ) from error


def _percent(name: str) -> models.DecimalField:
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class DistrictStatistic(BaseModel):
    """Area statistics (Gebietsbeschreibung): each figure for the district and its city."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="statistics"
    )
    reference_date = models.DateField(_("reference date"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    area_ha_district = models.DecimalField(
        _("area of the district (ha)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    area_ha_city = models.DecimalField(
        _("area of the city (ha)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    population_district = models.PositiveIntegerField(
        _("inhabitants (district)"), null=True, blank=True
    )
    population_city = models.PositiveIntegerField(_("inhabitants (city)"), null=True, blank=True)
    sgb2_rate_district = _percent(_("SGB II rate % (district)"))
    sgb2_rate_city = _percent(_("SGB II rate % (city)"))
    unemployment_rate_district = _percent(_("unemployment rate % (district)"))
    unemployment_rate_city = _percent(_("unemployment rate % (city)"))
    migration_share_district = _percent(_("migration background % (district)"))
    migration_share_city = _percent(_("migration background % (city)"))

    class Meta:
        verbose_name = _("district statistic")
        verbose_name_plural = _("district statistics")
        ordering = ["district", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "reference_date"],
                name="districtstatistic_one_per_date",
                violation_error_message=_(
                    "This district already has figures for this reference date."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
                    name=f"districtstatistic_{field}_percent",
                    violation_error_message=_("Enter a percentage from 0 to 100."),
                )
                for field in (
                    "sgb2_rate_district",
                    "sgb2_rate_city",
                    "unemployment_rate_district",
                    "unemployment_rate_city",
                    "migration_share_district",
                    "migration_share_city",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.district} ({self.reference_date:%d.%m.%Y})"


class Funder(BaseModel):
    """Who pays: ESF Plus, federal or state programme, city, Jobcenter."""

    class Kind(models.TextChoices):
        ESF_PLUS = "esf_plus", _("European Social Fund Plus")
        FEDERAL = "federal", _("Federal programme")
        STATE = "state", _("State")
        MUNICIPAL = "municipal", _("Municipality")
        JOBCENTER = "jobcenter", _("Jobcenter")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    programme = models.CharField(_("programme"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(BaseModel):
    """One funded project (Projekt, Maßnahme) with its period, funders, districts and consortium."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    funders = models.ManyToManyField(
        Funder, verbose_name=_("funders"), related_name="projects", blank=True
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), related_name="projects", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("consortium"),
        through="ProjectMember",
        related_name="projects",
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("The end lies before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})

    @property
    def lead_organisation(self) -> Organisation | None:
        member = next((m for m in self.consortium.all() if m.is_lead), None)
        return member.organisation if member else None


class ProjectMember(BaseModel):
    """An organisation in a project's consortium (Trägerverbund); exactly one leads."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="consortium"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_memberships",
    )
    is_lead = models.BooleanField(_("lead organisation"), default=False)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")
        ordering = ["-is_lead", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="projectmember_unique",
                violation_error_message=_("This organisation is already part of the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(is_lead=True),
                name="projectmember_one_lead",
                violation_error_message=_("The project already has a lead organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.project}"

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class Role(models.TextChoices):
    PROJECT_LEAD = "project_lead", _("Project lead")
    CASE_WORKER = "case_worker", _("Case worker")
    JOB_COACH = "job_coach", _("Job coach")
    NETWORK_COACH = "network_coach", _("Network coach")
    EMPLOYER_LIAISON = "employer_liaison", _("Employer liaison")
    EVALUATOR = "evaluator", _("Evaluator")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    PARTNER_STAFF = "partner_staff", _("Partner organisation (referrals only)")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class Membership(BaseModel):
    """A user's role in one organisation within one project."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["project__name", "organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "project", "role"],
                name="membership_unique",
                violation_error_message=_(
                    "This person already has this role in this organisation."
                ),
            )
        ]
        indexes = [models.Index(fields=["user", "project"], name="membership_user_project")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation} · {self.project}"

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class ApiToken(BaseModel):
    """A personal access token for the API. Only a hash is stored; the key is shown once."""

    PREFIX = "qrt_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key begins with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
