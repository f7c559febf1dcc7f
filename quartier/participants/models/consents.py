"""Consents (Einwilligungen): the `ConsentText` a project asks for, per purpose and
version, and a participant's `Consent`."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Organisation, Project
from quartier.participants.models.participants import Participant


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("counselling and case file")
    PARTNER_SHARING = "partner_sharing", _("sharing with a named partner organisation")
    PARTNER_FEEDBACK = "partner_feedback", _("feedback from a named partner organisation")
    PHOTOS = "photos", _("photos")
    FOLLOWUP_CONTACT = "followup_contact", _("contact after leaving (six-month follow-up)")
    SPECIAL_CATEGORIES = "special_categories", _("special categories (health, disability)")


#: The purposes that need a named partner organisation.
PARTNER_PURPOSES = (ConsentPurpose.PARTNER_SHARING, ConsentPurpose.PARTNER_FEEDBACK)
#: The purposes the intake and the consent page record together on one form, one
#: consent each (sharing with a partner names the partner: a page of its own).
BLOCK_PURPOSES = (
    ConsentPurpose.COUNSELLING,
    ConsentPurpose.PHOTOS,
    ConsentPurpose.FOLLOWUP_CONTACT,
    ConsentPurpose.SPECIAL_CATEGORIES,
)


class ReferralPurpose(models.TextChoices):
    """What a referral (Überleitung) to a partner is for. A consent to share data with a
    partner names the purposes it covers; a referral needs one that names its own."""

    LANGUAGE_COURSE = "language_course", _("language course")
    DEBT_COUNSELLING = "debt_counselling", _("debt counselling")
    CHILDCARE = "childcare", _("childcare place")
    HEALTH = "health", _("health")
    HOUSING = "housing", _("housing")
    QUALIFICATION = "qualification", _("a partner's qualification offer")
    MIGRATION_COUNSELLING = "migration_counselling", _("migration counselling")
    ADDICTION_COUNSELLING = "addiction_counselling", _("addiction counselling")
    WORK_OPPORTUNITY = "work_opportunity", _("work opportunity (Jobcenter)")
    EMPLOYMENT_SERVICE = "employment_service", _("Jobcenter or employment agency")
    OTHER = "other", _("other")


class GuardianRelation(models.TextChoices):
    PARENT = "parent", _("parent")
    GUARDIAN = "guardian", _("legal guardian (Vormund)")
    CARER = "carer", _("other person with custody")


class GuardianReached(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    LETTER = "letter", _("by letter")
    EMAIL = "email", _("by e-mail")


class ConsentText(BaseModel):
    """The wording a project uses for one consent purpose, in one version.

    The printable consent form shows the newest version of each purpose; a `Consent`
    records which version the person agreed to.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="consent_texts"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    #: The project's own label of this wording ("1.0", "2026-03"); `version` (from
    #: `BaseModel`) is the row's counter for optimistic locking.
    text_version = models.CharField(_("version of the text"), max_length=20)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"), default=date.today)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["project", "purpose", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "purpose", "text_version"],
                name="consenttext_version_unique",
                violation_error_message=_(
                    "This project already has this version of the consent text for this purpose."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.text_version}"

    #: What a signed version keeps as it was signed.
    SIGNED_FIELDS = ("project_id", "purpose", "text_version", "text", "valid_from")

    def signatures(self) -> models.QuerySet:
        """The consents that name this version (same project, purpose and version): what
        the people signed. `text_version` is stored on the consent, not a foreign key."""
        return Consent.objects.filter(
            participant__project_id=self.project_id,
            purpose=self.purpose,
            text_version=self.text_version,
        )

    def is_signed(self) -> bool:
        if self.pk is None:
            return False
        stored = ConsentText.objects.filter(pk=self.pk).first()
        return stored is not None and stored.signatures().exists()

    def clean(self) -> None:
        super().clean()
        self.refuse_signed_change()

    def save(self, *args, **kwargs):
        # Also for writes that skip `full_clean` (a script, the shell).
        self.refuse_signed_change()
        return super().save(*args, **kwargs)

    def refuse_signed_change(self) -> None:
        """A version someone signed never changes: a change is a new version."""
        if self.pk is None:
            return
        stored = ConsentText.objects.filter(pk=self.pk).first()
        if stored is None or not stored.signatures().exists():
            return
        changed = [
            name for name in self.SIGNED_FIELDS if getattr(stored, name) != getattr(self, name)
        ]
        if changed:
            raise ValidationError(
                _(
                    "Consents name this version of the text, so it cannot be changed. "
                    "Add a new version instead."
                )
            )

    def get_additional_data(self) -> dict:
        return {"project_id": self.project_id}

    def delete(self, *args, **kwargs):
        if self.is_signed():
            raise ValidationError(
                _("Consents name this version of the text, so it cannot be deleted.")
            )
        return super().delete(*args, **kwargs)


class Consent(BaseModel):
    """A participant's consent for one purpose: form, text version, date, withdrawal."""

    class Form(models.TextChoices):
        PAPER = "paper", _("signed on paper")
        ELECTRONIC = "electronic", _("electronically")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only for sharing with a partner or feedback from one: which organisation."),
    )
    referral_purposes = models.JSONField(
        _("purposes of referrals"),
        default=list,
        blank=True,
        help_text=_(
            "Only for sharing with a partner: for which purposes data may be passed to it."
        ),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.PAPER)
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    given_on = models.DateField(_("date given"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the consent holds until it is withdrawn."),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    #: A participant younger than settings.GUARDIAN_CONSENT_AGE on the entry date needs a
    #: legal guardian's consent as well: who, their relation, how they were reached.
    guardian_name = models.CharField(_("legal guardian"), max_length=200, blank=True)
    guardian_relation = models.CharField(
        _("relation to the participant"),
        max_length=12,
        choices=GuardianRelation,
        blank=True,
    )
    guardian_reached = models.CharField(
        _("guardian reached"), max_length=12, choices=GuardianReached, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["participant", "purpose", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_(
                    "The withdrawal lies before the day the consent was given."
                ),
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=PARTNER_PURPOSES, partner__isnull=False)
                | (~Q(purpose__in=PARTNER_PURPOSES) & Q(partner__isnull=True)),
                name="consent_partner_only_for_sharing",
                violation_error_message=_(
                    "Choose a partner organisation for the consent to share data with a "
                    "partner or to receive its feedback, and only for these."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
                violation_error_message=_("The consent cannot end before the day it was given."),
            ),
        ]
        indexes = [models.Index(fields=["participant", "purpose"], name="consent_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on:%d.%m.%Y})"

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.given_on <= day
            and (self.withdrawn_on is None or self.withdrawn_on > day)
            and (self.valid_until is None or self.valid_until >= day)
        )

    @property
    def referral_purpose_labels(self) -> list[str]:
        """The labels of the purposes of referrals the consent covers."""
        labels = dict(ReferralPurpose.choices)
        return [str(labels.get(code, code)) for code in self.referral_purposes or []]

    def covers(self, *, partner_id: int, purpose: str, day: date | None = None) -> bool:
        """A consent to share data with the organisation `partner_id` for `purpose`,
        valid on `day` (today)."""
        return (
            self.purpose == ConsentPurpose.PARTNER_SHARING
            and self.partner_id == partner_id
            and purpose in (self.referral_purposes or [])
            and self.is_valid_on(day)
        )

    def get_additional_data(self) -> dict:
        return {"project_id": self.participant.project_id, "personal": True}
