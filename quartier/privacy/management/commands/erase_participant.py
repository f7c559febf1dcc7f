"""`manage.py erase_participant --participant ID --actor EMAIL --reason TEXT`: the same
erasure (Art. 17) as the person's erasure page, `privacy.services.erasure.participant_erase`,
in the actor's name and with their permission."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quartier.participants.models import Participant
from quartier.privacy.models import ErasureRequest
from quartier.privacy.services.erasure import participant_erase


class Command(BaseCommand):
    help = (
        "Erases a participant now: anonymises everything no retention rule keeps and "
        "records the erasure (as the person's erasure page does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participant", type=int, required=True, help="Participant id.")
        parser.add_argument("--actor", required=True, help="E-mail of the staff member who erases.")
        parser.add_argument("--reason", default="", help="Why (without the person's identity).")
        parser.add_argument(
            "--channel",
            default=ErasureRequest.Channel.STAFF,
            choices=ErasureRequest.Channel.values,
            help="How the request was received (default: staff).",
        )
        parser.add_argument(
            "--received-on",
            default=None,
            help="The day the request was received, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, participant: int, actor: str, reason: str, channel: str, **options):
        user = get_user_model().objects.filter(email__iexact=actor, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the e-mail {actor}.")
        person = Participant.objects.filter(pk=participant).first()
        if person is None:
            raise CommandError(f"No participant has the id {participant}.")
        received = options.get("received_on")
        try:
            received_on = (
                timezone.datetime.fromisoformat(received).date()
                if received
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--received-on is not a date: {received}") from error
        try:
            result = participant_erase(
                actor=user,
                participant=person,
                received_on=received_on,
                channel=channel,
                reason=reason,
            )
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not erase this participant.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        request = result.request
        self.stdout.write(
            f"Erased participant {participant} as {request.pseudonym} "
            f"({request.get_state_display()}); "
            f"{sum(entry.object_count for entry in result.entries)} records in "
            f"{len(result.entries)} steps."
        )
        for item in request.kept:
            self.stdout.write(f"Kept until {item['until']}: {item['scope']} ({item['citation']})")
