"""Benchmark of the access log (issue 15): writing entries in the hash chain against a
plain insert of the same row, and verifying the chain, in the same run.

Each write is its own transaction, as a page's read is (the view runs in autocommit):
the chained write takes the writers' lock (PostgreSQL: an advisory lock; SQLite: the
write lock of `BEGIN IMMEDIATE`), reads the last entry's hash and inserts the entry with
its digest and hash; the baseline inserts the same entry without any of it.

- **Write**: BENCH_ACCESS_LOG_ENTRIES entries (default 5,000) by one staff member with
  a role in the project, with the role looked up as a page would (cached per user).
- **Verify**: `chain_verify` over everything written, streaming.

Figures are medians of BENCH_REPEAT runs (default 5), per entry in ms, and entries per
second.

    .venv/bin/python bench/privacy.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_privacy \\
        .venv/bin/python bench/privacy.py
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ACCESS_LOG_ENTRIES", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
start_django("bench_privacy")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case  # noqa: E402
from quartier.core.models import (  # noqa: E402
    Membership,
    Organisation,
    Project,
    ProjectMember,
    Role,
    User,
)
from quartier.privacy.models import AccessLogEntry  # noqa: E402
from quartier.privacy.selectors.access_log import chain_verify  # noqa: E402
from quartier.privacy.services.access_log import access_log_record, digest  # noqa: E402


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    print(f"Access-log benchmark on {connection.vendor}, {ENTRIES:,} entries per run")
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench e.V.", slug="bench")
    project = Project.objects.create(
        name="Bench", slug="bench", start_date=date(2024, 1, 1), end_date=date(2029, 12, 31)
    )
    ProjectMember.objects.create(project=project, organisation=organisation, is_lead=True)
    user = User.objects.create(email="bench@example.org", full_name="Bench")
    Membership.objects.create(
        user=user, project=project, organisation=organisation, role=Role.CASE_WORKER
    )

    def chained():
        for n in range(ENTRIES):
            access_log_record(
                actor=user,
                action="list",
                record=Case,
                project_id=project.pk,
                organisation_id=organisation.pk,
                detail=f"case list, {n} rows",
            )

    def plain():
        for n in range(ENTRIES):
            with transaction.atomic():
                detail = f"case list, {n} rows"
                AccessLogEntry.objects.create(
                    at=timezone.now(),
                    user=user,
                    role="case_worker",
                    action="list",
                    record_type="cases.case",
                    project_id=project.pk,
                    organisation_id=organisation.pk,
                    detail=detail,
                    detail_digest=digest(detail),
                )

    chain_runs, plain_runs = [], []
    for _ in range(REPEAT):
        chain_runs.append(timed(chained))
        # The plain rows would break the chain: written, timed, removed.
        before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
        plain_runs.append(timed(plain))
        AccessLogEntry.objects.filter(id__gt=before).delete()
    chain_ms = statistics.median(chain_runs) * 1000 / ENTRIES
    plain_ms = statistics.median(plain_runs) * 1000 / ENTRIES
    print(
        f"{'write, chained (lock, last hash, insert)':<44} {chain_ms:9.3f} ms/entry "
        f"({1000 / chain_ms:,.0f}/s)   baseline plain insert {plain_ms:9.3f} ms/entry "
        f"({1000 / plain_ms:,.0f}/s)   {chain_ms / plain_ms:5.2f}x the time"
    )
    record(
        "access log: write, chained (lock, last hash, insert)",
        figure=chain_ms,
        baseline=plain_ms,
        unit="ms/entry",
        baseline_name="plain insert",
        note=f"{1000 / chain_ms:,.0f} entries/s; median of {REPEAT} runs of {ENTRIES:,}",
    )

    total = AccessLogEntry.objects.count()
    counter = [0]
    seconds = timed(lambda: [None for _ in chain_verify(counter=counter)])
    assert counter[0] == total
    print(
        f"{'verify the chain':<44} {seconds * 1000:9.1f} ms for {total:,} entries "
        f"({total / seconds:,.0f}/s)"
    )
    record(
        "access log: verify the chain",
        figure=seconds * 1000,
        baseline=None,
        unit="ms",
        note=f"{total:,} entries ({total / seconds:,.0f}/s)",
    )


if __name__ == "__main__":
    main()
