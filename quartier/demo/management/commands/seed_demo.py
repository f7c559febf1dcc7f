"""`manage.py seed_demo [--seed N] [--participants N] [--vacancies N]`: the five seed
projects with demo data, every participant with a whole case file (and N open vacancies
for the matching benchmark)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quartier.demo.services import seeding as demo_seeding
from quartier.demo.services import vacancies as demo_vacancies


class Command(BaseCommand):
    help = (
        "Creates the five seed projects, one demo login per role, staff and synthetic "
        "participants with their case files (about ten contacts each)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--participants", type=int, default=500, help="Synthetic participants (default 500)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the demo projects already exist (used by `make demo`).",
        )
        parser.add_argument(
            "--vacancies",
            type=int,
            default=0,
            help="Also create N open vacancies over the demo projects (matching benchmark).",
        )

    def handle(
        self, *args, seed: int, participants: int, if_empty: bool, vacancies: int = 0, **options
    ):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with DJANGO_ENV=production: it creates logins "
                "with a published password."
            )
        if participants < 0:
            self.stderr.write("--participants must be 0 or more.")
            raise SystemExit(1)
        if vacancies < 0:
            self.stderr.write("--vacancies must be 0 or more.")
            raise SystemExit(1)
        if if_empty and demo_seeding.demo_is_loaded():
            self.stdout.write("Demo data already loaded; nothing to do.")
            if not demo_seeding.demo_has_economy():
                self.stdout.write(
                    self.style.WARNING(
                        "This demo was loaded before the local economy existed: it has no "
                        "employers, vacancies or placements. Run `manage.py seed_demo` once "
                        "to load the demo again with them."
                    )
                )
            if not demo_seeding.demo_has_network():
                self.stdout.write(
                    self.style.WARNING(
                        "This demo was loaded before the network existed: it has no "
                        "partners, referrals or meetings. Run `manage.py seed_demo` once "
                        "to load the demo again with them."
                    )
                )
            return
        summary = demo_seeding.seed_demo(seed=seed, participants=participants)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {summary.projects} projects, {summary.organisations} organisations, "
                f"{summary.users} users, {summary.participants} participants, "
                f"{summary.cases} cases, {summary.contacts} contacts, "
                f"{summary.first_contacts} first contacts, {summary.offers} offers, "
                f"{summary.enrolments} enrolments, {summary.employers} employers, "
                f"{summary.vacancies} vacancies, {summary.placements} placements, "
                f"{summary.partners} network partners, {summary.referrals} referrals, "
                f"{summary.meetings} network meetings, "
                f"{summary.retention_rules} retention rules (seed {seed})."
            )
        )
        demo_vacancies.load_demo_postcodes()
        if vacancies:
            demo_vacancies.seed_vacancies(count=vacancies, seed=seed)
            self.stdout.write(self.style.SUCCESS(f"{vacancies} open vacancies created."))
