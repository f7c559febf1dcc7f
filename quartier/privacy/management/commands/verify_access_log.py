"""`manage.py verify_access_log [--chunk-size N]`.

Walks the access log's hash chain in id order, from the last recorded deletion of old
entries (`AccessLogPrune`), and names every entry that breaks it: changed, a
predecessor missing (deleted), out of order. Exits with status 1 on any break; prints
how many entries it checked and the hash of the last one when the chain is whole.

A blank detail with a digest is an erased detail (Art. 17) and verifies. The chain
proves the entries unchanged against each other; that the newest entries were not cut
off, or the whole chain rewritten, only a hash noted outside the database proves:
note the printed last hash now and then (e.g. with the backups).
"""

from django.core.management.base import BaseCommand, CommandError, no_translations

from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors.access_log import chain_start, chain_verify


class Command(BaseCommand):
    help = "Verifies the access log's hash chain and names every changed or deleted entry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Entries read per database round trip."
        )

    @no_translations
    def handle(self, *args, chunk_size: int, **options):
        _start, prune = chain_start()
        if prune is not None:
            self.stdout.write(
                f"Starting after entry {prune.last_id} "
                f"(deleted up to {prune.before:%Y-%m-%d} on {prune.at:%Y-%m-%d})."
            )
        counter = [0]
        breaks = 0
        for found in chain_verify(chunk_size=chunk_size, counter=counter):
            breaks += 1
            at = found.at.isoformat() if found.at else "-"
            self.stderr.write(f"Entry {found.entry_id} at {at}: {found.problem}")
        if breaks:
            raise CommandError(
                f"The access log's chain is broken: {breaks} problem(s) in "
                f"{counter[0]} entries checked."
            )
        last = AccessLogEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        tail = f" Last entry {last[0]}, hash {last[1]}." if last else ""
        self.stdout.write(f"The access log's chain is whole: {counter[0]} entries checked.{tail}")
