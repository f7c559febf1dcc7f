"""Referrals (Überleitungen) from a case to a partner organisation, and assignments
(Zuweisungen) that come in from the Jobcenter; every change of state as a dated event;
each project's deadlines for an answer.

A referral carries the packet of data the sender chose to share, frozen at sending
(`shared_data`). The recipient sees that packet and nothing else of the case, and only
while the referral is open and the consent that covers it holds
(`Referral.packet_is_open`).
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case, CaseChild
from quartier.core.models import BaseModel, Organisation, Project
from quartier.network.models.partners import Partner
from quartier.offers.models import Offer
from quartier.participants.models import Consent, ReferralPurpose


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("referral to a partner")
    INCOMING = "incoming", _("assignment from outside (e.g. Jobcenter)")


class ReferralState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent, waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    NOT_COMPLETED = "not_completed", _("not completed")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired without an answer")
    ENDED = "ended", _("ended: consent withdrawn or expired")


#: States in which the recipient works on the referral (and sees its packet).
OPEN_STATES = (ReferralState.SENT, ReferralState.ACCEPTED)
#: States after which nothing changes any more.
CLOSED_STATES = (
    ReferralState.DECLINED,
    ReferralState.COMPLETED,
    ReferralState.NOT_COMPLETED,
    ReferralState.CANCELLED,
    ReferralState.EXPIRED,
    ReferralState.ENDED,
)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("no capacity / waiting list full")
    NOT_RESPONSIBLE = "not_responsible", _("not responsible for this")
    NOT_ELIGIBLE = "not_eligible", _("the person does not meet the conditions")
    NOT_REACHABLE = "not_reachable", _("the person could not be reached")
    PERSON_DECLINED = "person_declined", _("the person did not want it")
    OTHER = "other", _("other")


class NotCompletedReason(models.TextChoices):
    DID_NOT_COME = "did_not_come", _("the person did not come")
    DROPPED_OUT = "dropped_out", _("the person stopped")
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("achieved what it was for")
    PARTLY = "partly", _("partly achieved")
    ONGOING = "ongoing", _("support continues at the partner")
    OTHER = "other", _("other")


class SharedField(models.TextChoices):
    """The parts of a case a sender can choose to share. Name, contact and the
    referral's reason are the default; the others are offered per purpose
    (`quartier.network.sharing`)."""

    NAME = "name", _("name")
    CONTACT = "contact", _("contact (phone, e-mail, address)")
    REASON = "reason", _("reason for the referral")
    BIRTH_DATE = "birth_date", _("date of birth")
    LANGUAGES = "languages", _("languages and German level")
    EDUCATION = "education", _("school and vocational education (ISCED)")
    LABOUR_STATUS = "labour_status", _("labour market status and benefits")
    CHILDCARE = "childcare", _("childcare needed")
    MOBILITY = "mobility", _("mobility (licence, car, public transport)")
    NEEDS = "needs", _("support needs from the Potenzialanalyse")


class Referral(CaseChild):
    """A case passed to a partner organisation for a purpose, or assigned to the
    project from outside, and back."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="referrals"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.OUTGOING
    )
    sender_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    recipient = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("network partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=ReferralPurpose)
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text=_("The partner's offer the person is referred to, if any."),
    )
    reason = models.TextField(
        _("reason for the referral"),
        help_text=_("What the partner should know to help; shared with it."),
    )
    state = models.CharField(
        _("state"), max_length=14, choices=ReferralState, default=ReferralState.DRAFT
    )
    by_letter = models.BooleanField(
        _("by letter"),
        default=False,
        help_text=_(
            "The partner does not use Quartier: it gets a letter and the sender records its answer."
        ),
    )
    shared_fields = models.JSONField(_("shared data"), default=list, blank=True)
    #: The packet as it was at sending: {field: value}; the recipient sees only this.
    shared_data = models.JSONField(_("shared packet"), default=dict, blank=True, editable=False)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent to share"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    feedback_consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent to feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_referrals",
    )
    override_justification = models.TextField(
        _("justification for sending without consent"), blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the sender"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=16, choices=DeclineReason, blank=True
    )
    not_completed_reason = models.CharField(
        _("reason it was not completed"), max_length=16, choices=NotCompletedReason, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True)
    answer_note = models.TextField(_("note of the answer"), blank=True)
    # An assignment from outside (Zuweisung): the sender's reference, date and contact.
    external_reference = models.CharField(_("reference number"), max_length=60, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    external_contact = models.CharField(_("contact at the sender"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message=_("Give the reason for declining."),
            ),
            models.CheckConstraint(
                condition=~Q(state="not_completed") | ~Q(not_completed_reason=""),
                name="referral_not_completed_has_reason",
                violation_error_message=_("Give the reason it was not completed."),
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | ~Q(outcome=""),
                name="referral_completed_has_outcome",
                violation_error_message=_("Give the outcome."),
            ),
            models.CheckConstraint(
                condition=~Q(direction="incoming") | Q(received_on__isnull=False),
                name="referral_assignment_has_date",
                violation_error_message=_("Give the day the assignment was received."),
            ),
            models.CheckConstraint(
                condition=~Q(recipient=models.F("sender_organisation")),
                name="referral_not_to_itself",
                violation_error_message=_("An organisation cannot refer a case to itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "state", "project"], name="referral_inbox"),
            models.Index(fields=["project", "state", "answer_due"], name="referral_due"),
            models.Index(fields=["case", "-created_at"], name="referral_case"),
            # The network's figures: a project's referrals sent in a period.
            models.Index(fields=["project", "sent_at"], name="referral_project_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    def consent_holds(self, day: date | None = None) -> bool:
        """The consent that covers the packet still holds (an assignment from outside
        and a logged override need none)."""
        if self.direction == Direction.INCOMING:
            return True
        if self.consent_id is None:
            return bool(self.override_justification)
        return self.consent.is_valid_on(day or timezone.localdate())

    def packet_is_open(self, day: date | None = None) -> bool:
        """The recipient may read the shared packet: the referral is open and its
        consent holds."""
        return self.is_open and self.consent_holds(day)


class EventKind(models.TextChoices):
    STATE = "state", _("change of state")
    REMINDER = "reminder", _("reminder to the recipient")
    ESCALATION = "escalation", _("escalation to the sender")
    NOTE = "note", _("note")


class ReferralEvent(models.Model):
    """One dated change of a referral: who, from which state to which, why."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The organisation the actor acted for (the recipient's answer recorded by the
    #: sender from a letter names the recipient here and sets `recorded_by_sender`).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_sender = models.BooleanField(_("recorded by the sender"), default=False)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind, default=EventKind.STATE)
    from_state = models.CharField(
        _("previous state"), max_length=14, choices=ReferralState, blank=True
    )
    to_state = models.CharField(_("new state"), max_length=14, choices=ReferralState, blank=True)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["referral", "at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_state} → {self.to_state}"

    def get_additional_data(self) -> dict:
        return {"referral_id": self.referral_id, "personal": True}


class NetworkSettings(BaseModel):
    """A project's deadlines for an answer to a referral, in working days (Monday to
    Friday) after sending."""

    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="network_settings",
    )
    remind_after = models.PositiveSmallIntegerField(
        _("remind the recipient after (working days)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("tell the sender after (working days)"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    expire_after = models.PositiveSmallIntegerField(
        _("expire unanswered after (working days)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(remind_after__lte=models.F("escalate_after"))
                & Q(escalate_after__lte=models.F("expire_after")),
                name="networksettings_deadlines_in_order",
                violation_error_message=_(
                    "The reminder comes before the escalation, and both before the expiry."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.project)

    def get_additional_data(self) -> dict:
        return {"project_id": self.project_id}
