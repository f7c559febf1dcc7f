"""App configuration for the network (Netzwerk): partners, referrals, meetings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "quartier.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from quartier.network import models

        for model in (
            models.Partner,
            models.PartnerPerson,
            models.PartnerContact,
            models.CoachTeam,
            models.CoachTeamMember,
            models.Referral,
            models.NetworkSettings,
            models.Meeting,
            models.Attendee,
            models.MeetingOutcome,
            models.MeetingEvidence,
        ):
            auditlog.register(model)

        # A withdrawn consent ends the referrals that rest on it, at once (the packet is
        # closed to the partner from the same request on).
        from quartier.participants.models import Consent

        post_save.connect(_consent_saved, sender=Consent, dispatch_uid="network_consent_saved")

        # meetings: the user's open meeting tasks on the start page, for every staff role
        # that can be assigned one (not the evaluator, not a partner's staff).
        from quartier.core.models import Role
        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import ALL_ROLES

        register_start_page_part(
            "quartier.network.selectors.meetings.open_tasks_part",
            roles=ALL_ROLES - {Role.EVALUATOR, Role.PARTNER_STAFF},
        )
        # figures (area `figures`): the network coach's start page: open referrals of
        # her projects, the next meetings, partners without contact for long.
        from quartier.core.tenancy import NETWORK_WORK_ROLES

        for part in ("open_referrals_part", "meetings_part", "quiet_partners_part"):
            register_start_page_part(
                f"quartier.network.selectors.start_page.{part}", roles=NETWORK_WORK_ROLES
            )
        # --- referrals: the case timeline's source (the case page's "Referrals" panel
        # reads its events as `o.sourced.referral_event`) ---
        from quartier.cases.timeline import register_timeline_source

        register_timeline_source("quartier.network.selectors.referrals.case_timeline")
        # inbox: the referrals to the user's organisations waiting for an answer, on the
        # start page of case workers and partner staff.
        from quartier.core.tenancy import RECIPIENT_ROLES

        register_start_page_part(
            "quartier.network.selectors.inbox.start_page_inbox", roles=RECIPIENT_ROLES
        )
        # end of inbox


def _consent_saved(sender, instance, **kwargs) -> None:
    if instance.withdrawn_on is None and instance.valid_until is None:
        return
    from quartier.network.services.referrals import referrals_end_for_consent

    referrals_end_for_consent(consent=instance)
