"""The demo's referrals, written through the network's services (which check the
consent and the permissions) by the case's own staff, and answered by the partner's
staff in Quartier or, for a partner without Quartier, recorded by the sender from its
letter. Each referral rests on its own recorded consent to share with the partner for
its purpose (some also with a consent to feedback); the dates lie before the seed's
day, counted in working days like the deadlines."""

from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from quartier.cases.models import Case
from quartier.core.models import Membership, User
from quartier.core.tenancy import CASE_ROLES
from quartier.demo.network import catalogue
from quartier.demo.services.case_files import demo_guardian
from quartier.network import sharing
from quartier.network.models import ReferralEvent
from quartier.network.services.referrals import (
    Assignment,
    Draft,
    assignment_record,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_create,
    referral_decline,
    referral_not_completed,
    referral_send,
    referrals_check_deadlines,
)
from quartier.network.workdays import add_working_days, working_days_between
from quartier.participants.models import ConsentPurpose
from quartier.participants.services.consents import consent_record, consent_withdraw


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _working_days_before(today: date, count: int) -> date:
    """The latest day from which `count` working days have passed by `today` (a
    working day itself)."""
    day = today
    while working_days_between(day, today) < count or day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class _Clock:
    """Dates the events of each service call to the moment the demo says it happened
    (the services stamp them with the real time)."""

    def __init__(self):
        self.last = ReferralEvent.objects.aggregate(last=Max("pk"))["last"] or 0

    def stamp(self, moment: datetime) -> None:
        new = ReferralEvent.objects.filter(pk__gt=self.last)
        self.last = new.aggregate(last=Max("pk"))["last"] or self.last
        new.update(at=moment)


def _open_cases(project, organisation, latest_entry: date) -> list[Case]:
    cases = Case.objects.filter(
        project=project, organisation=organisation, exit_date__isnull=True
    ).select_related("participant", "responsible")
    old = list(cases.filter(entry_date__lte=latest_entry).order_by("participant__external_id"))
    return old or list(cases.order_by("participant__external_id"))


def _sender(case: Case) -> User | None:
    """The case's responsible staff member, else someone with a case role for it."""
    if case.responsible is not None and case.responsible.has_perm("network.refer_case", case):
        return case.responsible
    membership = (
        Membership.objects.filter(
            project_id=case.project_id, organisation_id=case.organisation_id, role__in=CASE_ROLES
        )
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def _consent(actor, case, purpose_kind, recipient, given_on, referral_purpose=None):
    return consent_record(
        actor=actor,
        participant=case.participant,
        purpose=purpose_kind,
        form="paper",
        text_version="1.0",
        given_on=max(given_on, case.entry_date),
        partner=recipient,
        referral_purposes=[referral_purpose] if referral_purpose else None,
        **demo_guardian(
            pk=case.participant.pk,
            birth_date=case.participant.birth_date,
            entry=case.entry_date,
            last_name=case.participant.last_name,
        ),
    )


def _shared_fields(purpose: str) -> list[str]:
    allowed = sharing.fields_for(purpose)
    return list(allowed[:5])


def _seed_duisburg_referrals(network, clock: _Clock) -> None:
    duisburg = network.duisburg
    today = network.today
    cases = _open_cases(duisburg.project, duisburg.owner, today - timedelta(days=120))
    if not cases:
        return
    partner_user = network.logins.get(catalogue.PARTNER_LOGIN)
    used: set[tuple[int, str]] = set()
    turn = 0
    for key, recipient_slug, purpose, final, working_days, feedback, reason in catalogue.REFERRALS:
        sent_day = _working_days_before(today, working_days)
        # A case that had begun when the consent was given, not yet referred to this
        # recipient, so that each referral has its own consent (a withdrawal ends only
        # the one it covers).
        eligible = [case for case in cases if case.entry_date <= sent_day - timedelta(days=3)]
        if not eligible:
            continue
        for offset in range(len(eligible)):
            case = eligible[(turn + offset) % len(eligible)]
            if (case.pk, recipient_slug) not in used:
                break
        turn += 1
        used.add((case.pk, recipient_slug))
        sender = _sender(case)
        if sender is None:
            continue
        recipient = network.organisations[recipient_slug]
        consent = _consent(
            sender,
            case,
            ConsentPurpose.PARTNER_SHARING,
            recipient,
            sent_day - timedelta(days=3),
            purpose,
        )
        if feedback:
            _consent(
                sender, case, ConsentPurpose.PARTNER_FEEDBACK, recipient, sent_day - timedelta(3)
            )
        referral = referral_create(
            actor=sender,
            case=case,
            draft=Draft(
                recipient=recipient,
                purpose=purpose,
                reason=reason,
                shared_fields=_shared_fields(purpose),
                partner=network.partners.get(recipient_slug),
            ),
        )
        type(referral).objects.filter(pk=referral.pk).update(created_at=_at(sent_day, 9))
        clock.stamp(_at(sent_day, 9))
        network.referrals[key] = referral
        network.counts.referrals += 1
        if final == "draft":
            continue
        referral = referral_send(actor=sender, referral=referral, now=_at(sent_day))
        clock.stamp(_at(sent_day))
        # The partner's staff answer in Quartier; for a letter the sender records it.
        answerer = sender if referral.by_letter else partner_user
        if answerer is None:
            continue

        def later(days: int, hour: int = 11, sent_day=sent_day) -> datetime:
            return _at(min(add_working_days(sent_day, days), today), hour)

        if final in ("accepted", "completed", "not_completed", "ended"):
            referral = referral_accept(
                actor=answerer,
                referral=referral,
                note="Erstgespräch vereinbart." if final != "ended" else "",
                now=later(1),
            )
            clock.stamp(later(1))
        if final == "declined":
            referral = referral_decline(
                actor=answerer,
                referral=referral,
                reason="no_capacity",
                note="Der Kurs ist bis zum Quartalsende voll; Warteliste angeboten.",
                now=later(2),
            )
            clock.stamp(later(2))
        elif final == "completed":
            referral = referral_complete(
                actor=answerer,
                referral=referral,
                outcome="achieved",
                note="Antrag gestellt, Bescheid liegt vor.",
                now=later(15, 14),
            )
            clock.stamp(later(15, 14))
        elif final == "not_completed":
            referral = referral_not_completed(
                actor=answerer,
                referral=referral,
                reason="did_not_come",
                note="Zu zwei Terminen nicht erschienen.",
                now=later(8, 14),
            )
            clock.stamp(later(8, 14))
        elif final == "cancelled":
            referral = referral_cancel(
                actor=sender,
                referral=referral,
                note="Hat inzwischen selbst einen Termin beim Jobcenter.",
                now=later(1),
            )
            clock.stamp(later(1))
        elif final == "ended":
            # The participant withdraws the consent: the referral ends at once (the
            # network's signal on the consent), the partner's access with it.
            withdrawn_on = max(consent.given_on, today - timedelta(days=1))
            consent_withdraw(actor=sender, consent=consent, withdrawn_on=withdrawn_on)
            clock.stamp(_at(withdrawn_on, 15))
        network.referrals[key] = referral


def _seed_trier_referrals(network, clock: _Clock) -> None:
    """Job-in-West: the Caritas refers a case to the Bürgerservice (the lead
    "leitung.trier" has it in the inbox), and the Arge Trier's assignment to a work
    opportunity, accepted by the Bürgerservice."""
    trier = network.trier
    today = network.today
    buergerservice = network.organisations[catalogue.TRIER_RECIPIENT]
    # The Caritas, or (in a small demo where it has no open case) another member.
    cases = []
    for member in [network.organisations[catalogue.TRIER_SENDER]] + list(
        trier.project.consortium.exclude(organisation=buergerservice)
        .order_by("organisation__slug")
        .values_list("organisation", flat=True)
    ):
        cases = _open_cases(trier.project, member, today - timedelta(days=60))
        cases = [case for case in cases if case.entry_date <= today - timedelta(days=7)]
        if cases:
            break
    sender = _sender(cases[0]) if cases else None
    if sender is not None:
        case = cases[0]
        sent_day = _working_days_before(today, 1)
        _consent(
            sender,
            case,
            ConsentPurpose.PARTNER_SHARING,
            buergerservice,
            sent_day - timedelta(days=2),
            "work_opportunity",
        )
        referral = referral_create(
            actor=sender,
            case=case,
            draft=Draft(
                recipient=buergerservice,
                purpose="work_opportunity",
                reason=catalogue.TRIER_REASON,
                shared_fields=_shared_fields("work_opportunity"),
            ),
        )
        type(referral).objects.filter(pk=referral.pk).update(created_at=_at(sent_day, 9))
        clock.stamp(_at(sent_day, 9))
        referral = referral_send(actor=sender, referral=referral, now=_at(sent_day))
        clock.stamp(_at(sent_day))
        network.referrals["consortium"] = referral
        network.counts.referrals += 1
    lead = network.logins.get(catalogue.TRIER_LEAD_LOGIN)
    own = [
        case
        for case in _open_cases(trier.project, buergerservice, today - timedelta(days=60))
        if case.responsible_id == getattr(lead, "pk", None)
    ] or _open_cases(trier.project, buergerservice, today - timedelta(days=60))
    received_on = _working_days_before(today, 4)
    own = [case for case in own if case.entry_date <= received_on]
    if not own:
        return
    case = own[0]
    actor = lead if lead is not None and lead.has_perm("network.refer_case", case) else None
    actor = actor or _sender(case)
    if actor is None:
        return
    assignment = assignment_record(
        actor=actor,
        case=case,
        assignment=Assignment(
            sender=network.organisations[catalogue.TRIER_JOBCENTER],
            purpose="work_opportunity",
            reason=catalogue.ASSIGNMENT_REASON,
            external_reference=f"AGH-{received_on.year}-0042",
            received_on=received_on,
            external_contact=catalogue.ASSIGNMENT_CONTACT,
        ),
    )
    clock.stamp(_at(received_on, 8))
    accepted_at = _at(add_working_days(received_on, 1))
    assignment = referral_accept(
        actor=actor,
        referral=assignment,
        note="Einsatz im Stadtteilservice ab Montag.",
        now=accepted_at,
    )
    clock.stamp(accepted_at)
    network.referrals["assignment"] = assignment
    network.counts.referrals += 1


def _seed_referrals(network) -> None:
    """The referrals, then the daily deadline check of the seed's day: it reminds,
    escalates and expires the ones waiting too long."""
    clock = _Clock()
    if network.duisburg is not None:
        _seed_duisburg_referrals(network, clock)
    if network.trier is not None:
        _seed_trier_referrals(network, clock)
    referrals_check_deadlines(today=network.today, now=_at(network.today, 6))
    clock.stamp(_at(network.today, 6))
    for key, referral in network.referrals.items():
        referral.refresh_from_db()
        network.referrals[key] = referral
