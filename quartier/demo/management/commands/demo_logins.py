"""`manage.py demo_logins`: prints the demo logins and their password."""

from django.conf import settings
from django.core.management.base import BaseCommand

from quartier.demo import data
from quartier.demo.services import seeding as demo_seeding


class Command(BaseCommand):
    help = "Prints the demo logins."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Quartier demo – http://127.0.0.1:8000/")
        self.stdout.write(f"Password for every demo login: {data.DEMO_PASSWORD}")
        if not settings.DEMO_USERS_SKIP_MFA:
            self.stdout.write("(Production settings: demo users must set up MFA like everyone.)")
        logins = [
            (email, str(role), project) for email, role, project in demo_seeding.demo_logins()
        ]
        width = max(len(role) for _email, role, _project in logins)
        for email, role, project in logins:
            self.stdout.write(f"  {email:<44} {role:<{width}} {project}")
        self.stdout.write("")
