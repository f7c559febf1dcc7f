"""Benchmark of the network (issue 14): the partner's inbox and the network's figures,
each against the same answer computed row by row in Python, in the same run.

A fresh database gets the demo projects (`seed_demo` with BENCH_NETWORK_PARTICIPANTS
participants, default 20,000) and BENCH_NETWORK_REFERRALS referrals (default 100,000)
from the cases of every project to their consortium's other organisations and to a
partner organisation outside it, in every state, with consents of which some are
withdrawn or expired.

- **Inbox**: the partner's user opens her inbox: the open referrals to her
  organisation whose consent holds today, most urgent first, one page of 50 and the
  count (`referrals_received_by`, what the page and the API run), against reading
  every referral to the organisation with its consent and filtering
  `Referral.packet_is_open` in Python.
- **Figures**: the network view of the biggest project for one year
  (`quartier.network.selectors.figures`), against counting the same rows in Python.

Figures are medians of BENCH_REPEAT runs (default 7; the baseline 3 runs), in ms.

    .venv/bin/python bench/network.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_network \\
        .venv/bin/python bench/network.py
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_NETWORK_PARTICIPANTS", "20000"))
REFERRALS = int(os.environ.get("BENCH_NETWORK_REFERRALS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
BASELINE_REPEAT = int(os.environ.get("BENCH_BASELINE_REPEAT", "3"))
start_django("bench_network")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case  # noqa: E402
from quartier.core.models import Membership, Organisation, Role, User  # noqa: E402
from quartier.network.models import (  # noqa: E402
    Direction,
    Partner,
    Referral,
    ReferralState,
)
from quartier.network.selectors.referrals import referrals_received_by  # noqa: E402
from quartier.participants.models import Consent, ConsentPurpose  # noqa: E402

STATES = [
    (ReferralState.SENT, 20),
    (ReferralState.ACCEPTED, 15),
    (ReferralState.COMPLETED, 30),
    (ReferralState.DECLINED, 10),
    (ReferralState.NOT_COMPLETED, 5),
    (ReferralState.CANCELLED, 5),
    (ReferralState.EXPIRED, 10),
    (ReferralState.ENDED, 5),
]
PURPOSES = ["language_course", "debt_counselling", "childcare", "housing", "qualification"]


def count_queries(function) -> int:
    counter = []

    def wrapper(execute, sql, params, many, context):
        counter.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return len(counter)


def median_ms(function, repeat: int = REPEAT) -> float:
    function()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(
    name: str,
    figure_ms: float,
    baseline_name: str,
    baseline_ms: float,
    extra: str = "",
    *,
    topic: str,
):
    speedup = baseline_ms / figure_ms if figure_ms else float("inf")
    print(
        f"{name:<44} {figure_ms:9.2f} ms   baseline {baseline_name:<20} {baseline_ms:9.2f} ms"
        f"   {speedup:6.1f}x faster{('   ' + extra) if extra else ''}"
    )
    record(
        f"{topic}: {name.strip()}",
        figure=figure_ms,
        baseline=baseline_ms,
        unit="ms",
        baseline_name=baseline_name,
        note=f"{speedup:.1f}x faster" + (f", {extra}" if extra else ""),
    )


@transaction.atomic
def seed_referrals(rng: random.Random, today: date) -> tuple[Organisation, User]:
    """REFERRALS referrals over all cases; a quarter of them to one partner outside the
    consortiums (whose staff member is returned), the rest within each consortium."""
    outside = Organisation.objects.create(name="Schuldnerberatung Bench", slug="bench-partner")
    cases = list(Case.objects.values_list("pk", "project_id", "organisation_id", "participant_id"))
    members: dict[int, list[int]] = {}
    for project_id, organisation_id in Membership.objects.values_list(
        "project_id", "organisation_id"
    ).distinct():
        members.setdefault(project_id, []).append(organisation_id)
    for project_id in {case[1] for case in cases}:
        lead = members.get(project_id, [outside.pk])[0]
        Partner.objects.create(
            project_id=project_id, organisation_id=lead, partner_organisation=outside
        )
    consents, drafts = [], []
    weights = [weight for _state, weight in STATES]
    for n in range(REFERRALS):
        case_pk, project_id, organisation_id, participant_id = rng.choice(cases)
        others = [org for org in members.get(project_id, []) if org != organisation_id]
        recipient = outside.pk if rng.random() < 0.25 or not others else rng.choice(others)
        state = rng.choices([state for state, _w in STATES], weights)[0]
        sent = today - timedelta(days=rng.randint(0, 720))
        purpose = rng.choice(PURPOSES)
        withdrawn = sent + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.1 else None
        if withdrawn and withdrawn > today:
            withdrawn = None
        consents.append(
            Consent(
                participant_id=participant_id,
                purpose=ConsentPurpose.PARTNER_SHARING,
                partner_id=recipient,
                referral_purposes=[purpose],
                text_version="1.0",
                given_on=sent,
                withdrawn_on=withdrawn,
            )
        )
        drafts.append(
            Referral(
                project_id=project_id,
                case_id=case_pk,
                direction=Direction.OUTGOING,
                sender_organisation_id=organisation_id,
                recipient_id=recipient,
                purpose=purpose,
                reason=f"Referral {n}",
                state=state,
                shared_fields=["name", "contact", "reason"],
                shared_data={"name": f"Person {n}", "reason": f"Referral {n}"},
                sent_at=timezone.make_aware(
                    timezone.datetime.combine(sent, timezone.datetime.min.time())
                ),
                answer_due=sent + timedelta(days=14),
                accepted_at=(
                    timezone.make_aware(
                        timezone.datetime.combine(
                            sent + timedelta(days=rng.randint(0, 9)), timezone.datetime.min.time()
                        )
                    )
                    if state in (ReferralState.ACCEPTED, ReferralState.COMPLETED)
                    else None
                ),
                closed_at=(
                    timezone.make_aware(
                        timezone.datetime.combine(
                            sent + timedelta(days=rng.randint(10, 90)),
                            timezone.datetime.min.time(),
                        )
                    )
                    if state not in (ReferralState.SENT, ReferralState.ACCEPTED)
                    else None
                ),
                decline_reason="no_capacity" if state == ReferralState.DECLINED else "",
                not_completed_reason=(
                    "did_not_come" if state == ReferralState.NOT_COMPLETED else ""
                ),
                outcome="achieved" if state == ReferralState.COMPLETED else "",
            )
        )
    Consent.objects.bulk_create(consents, batch_size=2000)
    for referral, consent in zip(drafts, consents, strict=True):
        referral.consent_id = consent.pk
    Referral.objects.bulk_create(drafts, batch_size=2000)
    staff = User.objects.create_user(email="bench-partner@example.org", password="x")
    for project_id in {case[1] for case in cases}:
        Membership.objects.create(
            user=staff, organisation=outside, project_id=project_id, role=Role.PARTNER_STAFF
        )
    return outside, staff


def main() -> None:
    print(
        f"Network benchmark on {connection.vendor}, {PARTICIPANTS:,} participants, "
        f"{REFERRALS:,} referrals"
    )
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    seeded = time.perf_counter() - began
    today = timezone.localdate()
    began = time.perf_counter()
    outside, staff = seed_referrals(random.Random(1), today)
    referral_seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{'seed_demo':<44} {seeded:9.2f} s    then {Referral.objects.count():,} referrals "
        f"in {referral_seconds:.2f} s"
    )

    # The partner's inbox.
    def inbox():
        rows = referrals_received_by(staff, day=today).select_related("sender_organisation")
        list(rows.order_by("answer_due", "id")[:50])
        rows.count()

    def inbox_baseline():
        rows = [
            referral
            for referral in Referral.objects.filter(recipient=outside).select_related(
                "consent", "sender_organisation"
            )
            if referral.direction == Direction.OUTGOING and referral.packet_is_open(today)
        ]
        rows.sort(key=lambda r: (r.answer_due, r.pk))
        rows[:50]  # noqa: B018

    waiting = referrals_received_by(staff, day=today).count()
    total = Referral.objects.filter(recipient=outside).count()
    print(f"inbox of {outside.name}: {waiting:,} open of {total:,} referrals to it")
    report(
        "  SQL scope, page of 50 and count",
        median_ms(inbox),
        "filter in Python",
        median_ms(inbox_baseline, BASELINE_REPEAT),
        f"{count_queries(inbox)} queries",
        topic="partner's inbox",
    )
    figures(today)


def figures(today: date) -> None:
    """The network view of the project with the most referrals, for the last year,
    against reading the period's referrals and counting them in Python."""
    from collections import Counter, defaultdict

    from django.db.models import Count

    from quartier.core.models import Project
    from quartier.network.selectors.figures import network_figures, referrals_in_period

    biggest = Referral.objects.values("project_id").annotate(n=Count("id")).order_by("-n").first()
    project = Project.objects.get(pk=biggest["project_id"])
    start, end = today - timedelta(days=365), today

    def sql():
        network_figures(project=project, start=start, end=end)

    def baseline():
        flows: Counter = Counter()
        states: dict[int, Counter] = defaultdict(Counter)
        reasons: Counter = Counter()
        durations: dict[int, list[float]] = defaultdict(list)
        for referral in referrals_in_period(project, start, end).select_related(
            "sender_organisation", "recipient"
        ):
            flows[(referral.sender_organisation.name, referral.recipient.name)] += 1
            states[referral.recipient_id][referral.state] += 1
            if referral.decline_reason:
                reasons[referral.decline_reason] += 1
            if referral.accepted_at:
                durations[referral.recipient_id].append(
                    (referral.accepted_at - referral.sent_at).total_seconds() / 86400
                )
        for values in durations.values():
            statistics.median(values)
        list(Partner.objects.filter(project=project).prefetch_related("districts"))

    rows = referrals_in_period(project, start, end).count()
    print(f"network figures of {project.name}: {rows:,} referrals in the last year")
    report(
        "  SQL aggregates (flows, answers, times)",
        median_ms(sql),
        "count in Python",
        median_ms(baseline, BASELINE_REPEAT),
        f"{count_queries(sql)} queries",
        topic="network figures",
    )


if __name__ == "__main__":
    main()
