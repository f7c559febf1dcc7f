"""A project's network: the partner organisations on the two levels (the local
activation network and the municipal strategy network), their contact persons, the
dated contacts with them, and the coach teams per district."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.offers.models import Offer


class NetworkLevel(models.TextChoices):
    """Aktivierungsnetzwerk: places and people with access to the target groups;
    Strategienetzwerk: those who design labour-market offers."""

    ACTIVATION = "activation", _("activation network")
    STRATEGY = "strategy", _("strategy network")
    BOTH = "both", _("both networks")


def level_condition(level: str, prefix: str = "") -> Q:
    """Records on `level`, counting those on both levels for either."""
    if level == NetworkLevel.BOTH:
        return Q(**{f"{prefix}level": NetworkLevel.BOTH})
    return Q(**{f"{prefix}level__in": [level, NetworkLevel.BOTH]})


class Partner(BaseModel):
    """An organisation's place in a project's network. The partner organisation is an
    `Organisation` (so that a consent can name it and its staff can log in); the record
    belongs to the project and to the consortium organisation that keeps it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="kept_partners",
    )
    partner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="network_partnerships",
    )
    level = models.CharField(
        _("network level"), max_length=10, choices=NetworkLevel, default=NetworkLevel.ACTIVATION
    )
    role = models.CharField(
        _("role in the network"),
        max_length=300,
        blank=True,
        help_text=_("For example: access to women with a migration history; designs AGH offers."),
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts served"), blank=True, related_name="partners"
    )
    target_groups = models.JSONField(
        _("target groups reached"),
        default=list,
        blank=True,
        help_text=_("The target groups (participants' first-contact list) it reaches."),
    )
    offers = models.ManyToManyField(
        Offer,
        verbose_name=_("its offers"),
        blank=True,
        related_name="partners",
        help_text=_("Its offers in the project's offer catalogue."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active in the network"), default=True)

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["project", "partner_organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner_organisation"],
                name="partner_once_per_project",
                violation_error_message=_("This organisation is already a partner of the project."),
            )
        ]

    def __str__(self) -> str:
        return str(self.partner_organisation)

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class PartnerChild(BaseModel):
    """Something that belongs to one partner; audited like the partner."""

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"partner_id": self.partner_id}


class PartnerPerson(PartnerChild):
    """A contact person at a partner organisation."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name


class PartnerContactChannel(models.TextChoices):
    MEETING = "meeting", _("meeting in person")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    EVENT = "event", _("network meeting or event")
    OTHER = "other", _("other")


class PartnerContact(PartnerChild):
    """A dated contact with a partner (the relationship history); the newest one tells
    which partners have not been contacted for a long time."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"))
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=PartnerContactChannel,
        default=PartnerContactChannel.MEETING,
    )
    person = models.ForeignKey(
        PartnerPerson,
        verbose_name=_("with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("contact with a partner")
        verbose_name_plural = _("contacts with partners")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partner", "-date"], name="partnercontact_latest")]

    def __str__(self) -> str:
        return f"{self.partner} {self.date:%d.%m.%Y}"


class CoachTeam(BaseModel):
    """The network coaches of one district (Duisburg: Marxloh, Hochfeld), with the
    people to contact; shown to staff and, when `is_public`, on the district's public
    page."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="coach_teams"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="coach_teams",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="coach_teams"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("show on the public district page"),
        default=False,
        help_text=_("The team's name, description and public contact persons."),
    )

    class Meta:
        verbose_name = _("coach team")
        verbose_name_plural = _("coach teams")
        ordering = ["project", "district__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "district", "name"],
                name="coachteam_name_unique",
                violation_error_message=_("The project already has a team of this name here."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class CoachTeamMember(BaseModel):
    """A contact person of a coach team: a staff member (`user`) or only a name."""

    team = models.ForeignKey(
        CoachTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coach_teams",
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_public = models.BooleanField(
        _("show publicly"),
        default=True,
        help_text=_("Shown on the public district page when the team is."),
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"team_id": self.team_id}
