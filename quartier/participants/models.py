"""Participants (Teilnehmende): the people a project works with.

The foundation holds the identity and ESF Plus core fields that tenancy and the
benchmarks need; intake, consent and the case file extend it.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    NON_BINARY = "non_binary", _("non-binary")
    NOT_STATED = "not_stated", _("not stated")


class Participant(BaseModel):
    """One person taking part in one project, owned by one organisation of its consortium."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    external_id = models.CharField(_("participant number"), max_length=50)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"], name="participant_external_id_unique"
            )
        ]
        indexes = [
            # The scoped list: one organisation's participants in one project, by name.
            models.Index(
                fields=["project", "organisation", "last_name", "first_name"],
                name="participant_tenant_name",
            ),
            models.Index(fields=["last_name", "first_name"], name="participant_name"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.external_id})"

    def get_additional_data(self) -> dict:
        """Tenant of the audit entry; `personal` keeps it out of the organisation admins'
        audit page (they hold no case role)."""
        return {
            "organisation_id": self.organisation_id,
            "project_id": self.project_id,
            "personal": True,
        }
