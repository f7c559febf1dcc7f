"""`manage.py create_api_token EMAIL [--name NAME]`: a personal access token, printed once."""

from django.core.management.base import BaseCommand, CommandError

from quartier.core.models import User
from quartier.core.services import api_token_create


class Command(BaseCommand):
    help = "Creates an API token for a user and prints it once; only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the user the token acts for.")
        parser.add_argument("--name", default="Kommandozeile", help="What the token is for.")

    def handle(self, *args, email: str, name: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}.")
        if not user.is_active:
            raise CommandError(f"The account {email} is deactivated.")
        token, key = api_token_create(actor=user, user=user, name=name)
        self.stdout.write(key)
        self.stderr.write(
            f"Token {token.name!r} for {user.email} created. Store it now: it is not shown again."
        )
