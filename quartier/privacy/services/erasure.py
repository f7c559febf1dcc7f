"""Erasure against retention (Art. 17 DSGVO).

`participant_erase` carries out an erasure request in one transaction: whatever no
retention rule still covers is anonymised irreversibly (names, contact data, free
text, documents, the person's traces in referrals, appointment requests, certificates,
the change log and the access log), while the fields the funder's indicators and
participant list need stay, so every report gives the same figures. Each step is
recorded in the erasure log (object type, pseudonymous id, count, actor, rule; never
the identity) and appended to settings.ERASURE_LOG_FILE, from which
`erasures_replay` re-applies erasures after a backup older than them was restored.
`erasures_remove_expired` (a daily job) removes what was kept once its rule ended.

Every write here is a queryset `update()` or `delete()` with the change log switched
off: a change-log entry of the erasure would hold the erased values.
"""

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from quartier.cases.models import (
    Assessment,
    Case,
    Contact,
    Document,
    FollowUp,
    Goal,
    Plan,
)
from quartier.economy.models import Placement, StabilisationCheck
from quartier.matching.models import MatchSuggestion
from quartier.network.models import Referral, ReferralEvent
from quartier.network.models.referrals import EventKind, ReferralState
from quartier.offers.models import Certificate, Enrolment
from quartier.participants.models import Consent, FirstContact, ImportJob, Participant
from quartier.participants.models.participants import participant_search_key
from quartier.privacy.models import AccessLogEntry, ErasureLogEntry, ErasureRequest
from quartier.privacy.models.retention import RetentionScope
from quartier.privacy.selectors.erasure import ErasurePlan, erasure_plan
from quartier.privacy.services.access_log import access_log_record, access_log_scrub

#: The first name an anonymised participant carries (the last name is the pseudonym's
#: first eight characters), so that the record stays valid and readable in lists.
ERASED_FIRST_NAME = "Gelöscht"
#: Replaces a required free text (a goal's title, a referral's reason).
ERASED_TEXT = "–"
#: The rule text of a step that no rule covers.
NO_RULE = "no remaining legal basis (Art. 17 DSGVO)"

_PSEUDONYM_SALT = "quartier.privacy.erasure.pseudonym"


def pseudonym(participant_id: int) -> str:
    """The participant's pseudonymous id: an HMAC-SHA256 of the id under a key derived
    from SECRET_KEY, 32 hex characters. The same id gives the same pseudonym in every
    backup, so the erasure log can find the person again after a restore; without the
    key it names nobody."""
    return salted_hmac(_PSEUDONYM_SALT, str(participant_id), algorithm="sha256").hexdigest()[:32]


def erased_identity(participant_id: int) -> dict:
    token = pseudonym(participant_id)
    return {
        "first_name": ERASED_FIRST_NAME,
        "last_name": token[:8],
        "external_id": f"X-{token[:16]}",
    }


def is_anonymised(participant: Participant) -> bool:
    return (
        participant.first_name == ERASED_FIRST_NAME
        and participant.last_name == pseudonym(participant.pk)[:8]
    )


# The steps ---------------------------------------------------------------------------


@dataclass
class _Steps:
    """The erasure log entries of one erasure, written to the database and the file."""

    project_id: int
    token: str
    actor: object
    rows: list = field(default_factory=list)

    def add(self, model, count: int, step: str, *, rule: str = NO_RULE, rule_id=None) -> None:
        if count:
            label = model if isinstance(model, str) else model._meta.label_lower
            self.rows.append((label, count, step, rule[:300], rule_id))

    def save(self) -> list[ErasureLogEntry]:
        actor = self.actor if getattr(self.actor, "is_authenticated", False) else None
        return ErasureLogEntry.objects.bulk_create(
            [
                ErasureLogEntry(
                    project_id=self.project_id,
                    object_type=label,
                    pseudonym=self.token,
                    object_count=count,
                    step=step,
                    actor=actor,
                    rule=rule,
                    retention_rule_id=rule_id,
                )
                for label, count, step, rule, rule_id in self.rows
            ]
        )


def _blank(queryset, **values) -> int:
    """Set `values` on the rows of `queryset` that do not hold them yet; the count."""
    differs = Q()
    for name, value in values.items():
        differs |= ~Q(**{name: value})
    return queryset.filter(differs).update(**values)


def _delete_files(paths: list[str]) -> None:
    from django.core.files.storage import default_storage

    for path in paths:
        if path and default_storage.exists(path):
            default_storage.delete(path)


def _graph(participant: Participant) -> dict[type[Model], list[int]]:
    """Every record about the participant, by model: the ids whose change-log entries
    are theirs."""
    case_ids = list(Case.objects.filter(participant=participant).values_list("pk", flat=True))
    plans = list(Plan.objects.filter(case__in=case_ids).values_list("pk", flat=True))
    referrals = list(Referral.objects.filter(case__in=case_ids).values_list("pk", flat=True))
    enrolments = list(Enrolment.objects.filter(case__in=case_ids).values_list("pk", flat=True))
    placements = list(Placement.objects.filter(case__in=case_ids).values_list("pk", flat=True))
    return {
        Participant: [participant.pk],
        Case: case_ids,
        Consent: list(Consent.objects.filter(participant=participant).values_list("pk", flat=True)),
        FirstContact: list(
            FirstContact.objects.filter(participant=participant).values_list("pk", flat=True)
        ),
        Assessment: list(Assessment.objects.filter(case__in=case_ids).values_list("pk", flat=True)),
        Plan: plans,
        Goal: list(Goal.objects.filter(plan__in=plans).values_list("pk", flat=True)),
        Contact: list(Contact.objects.filter(case__in=case_ids).values_list("pk", flat=True)),
        FollowUp: list(FollowUp.objects.filter(case__in=case_ids).values_list("pk", flat=True)),
        Document: list(Document.objects.filter(case__in=case_ids).values_list("pk", flat=True)),
        Referral: referrals,
        ReferralEvent: list(
            ReferralEvent.objects.filter(referral__in=referrals).values_list("pk", flat=True)
        ),
        Enrolment: enrolments,
        Certificate: list(
            Certificate.objects.filter(enrolment__in=enrolments).values_list("pk", flat=True)
        ),
        Placement: placements,
        StabilisationCheck: list(
            StabilisationCheck.objects.filter(placement__in=placements).values_list("pk", flat=True)
        ),
        MatchSuggestion: list(
            MatchSuggestion.objects.filter(case__in=case_ids).values_list("pk", flat=True)
        ),
    }


#: The keys of a change-log entry's additional data that scope it (kept).
_SCOPE_KEYS = (
    "organisation_id",
    "project_id",
    "case_id",
    "plan_id",
    "referral_id",
    "enrolment_id",
    "offer_id",
    "placement_id",
    "personal",
)


def _scrub_change_log(graph: dict[type[Model], list[int]], token: str) -> int:
    """Blank the representation, the changes and the extra data of every change-log
    entry about the person's records (including records deleted earlier, found by the
    case, plan, referral, enrolment or placement they belonged to)."""
    condition = Q()
    for model, ids in graph.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in ids])
    for key, model in (
        ("case_id", Case),
        ("plan_id", Plan),
        ("referral_id", Referral),
        ("enrolment_id", Enrolment),
        ("placement_id", Placement),
    ):
        for pk in graph[model]:
            condition |= Q(**{f"additional_data__{key}": pk})
    if not condition:
        return 0
    count = 0
    for entry in LogEntry.objects.filter(condition).only("pk", "additional_data", "content_type"):
        extra = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        kept = {key: value for key, value in extra.items() if key in _SCOPE_KEYS}
        kept["erased"] = True
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=f"{entry.content_type.model} {token[:8]}",
            changes={},
            changes_text="",
            serialized_data=None,
            additional_data=kept,
        )
        count += 1
    return count


def _mentions(participant: Participant | None) -> list[str]:
    """The person's identifying values as they may appear in a text (a search logged
    with a list): names, e-mail, phone, street; none once anonymised."""
    if participant is None or is_anonymised(participant):
        return []
    values = [
        participant.full_name,
        participant.last_name,
        participant.email,
        participant.phone,
        participant.street,
    ]
    return [value.strip() for value in values if len(value.strip()) >= 4]


def _scrub_access_log_mentions(participant: Participant, mentions: list[str]) -> int:
    """Blank the details of the project's access-log entries that name the person
    without being about them alone (a list searched for their name)."""
    if not mentions:
        return 0
    condition = Q()
    for value in mentions:
        condition |= Q(detail__icontains=value)
    return (
        AccessLogEntry.objects.filter(
            Q(project_id=participant.project_id) | Q(project_id__isnull=True)
        )
        .filter(condition)
        .update(detail="")
    )


def _anonymise(participant: Participant, steps: _Steps, *, actor, now) -> None:
    """Remove everything identifying of the person; keep the indicator fields. Safe to
    run again (a replay): what is already blank stays blank."""
    pk = participant.pk
    identity = erased_identity(pk)
    participants = Participant.objects.filter(pk=pk)
    mentions = _mentions(participants.first())
    steps.add(
        Participant,
        participants.update(
            **identity,
            search_key=participant_search_key(
                identity["first_name"], identity["last_name"], identity["external_id"]
            ),
            street="",
            city="",
            phone="",
            email="",
            languages="",
            german_level="",
            childcare_needed=False,
            driving_licence=False,
            own_car=False,
            public_transport=True,
            benefits="not_stated",
            health_notes="",
        ),
        ErasureLogEntry.Step.ANONYMISED,
    )
    graph = _graph(participant)
    steps.add(
        Consent,
        _blank(Consent.objects.filter(pk__in=graph[Consent]), guardian_name=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        FirstContact,
        _blank(
            FirstContact.objects.filter(pk__in=graph[FirstContact]),
            name="",
            reach="",
            notes="",
            place="",
        ),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        Assessment,
        _blank(Assessment.objects.filter(pk__in=graph[Assessment]), strengths="", notes=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        Plan,
        _blank(Plan.objects.filter(pk__in=graph[Plan]), summary=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        Goal,
        _blank(
            Goal.objects.filter(pk__in=graph[Goal]), title=ERASED_TEXT, steps="", responsible=""
        ),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        Contact,
        _blank(Contact.objects.filter(pk__in=graph[Contact]), notes=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        FollowUp,
        _blank(FollowUp.objects.filter(pk__in=graph[FollowUp]), title=ERASED_TEXT),
        ErasureLogEntry.Step.ANONYMISED,
    )
    documents = Document.objects.filter(pk__in=graph[Document])
    files = [str(name) for name in documents.values_list("file", flat=True)]
    steps.add(Document, documents.delete()[0], ErasureLogEntry.Step.DELETED)
    transaction.on_commit(lambda: _delete_files(files))
    # Referrals: open ones end now, with an event; every packet is emptied.
    referrals = Referral.objects.filter(pk__in=graph[Referral])
    for referral in referrals.filter(
        state__in=[ReferralState.DRAFT, ReferralState.SENT, ReferralState.ACCEPTED]
    ):
        to_state = (
            ReferralState.CANCELLED
            if referral.state == ReferralState.DRAFT
            else ReferralState.ENDED
        )
        ReferralEvent.objects.create(
            referral=referral,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            organisation_id=referral.sender_organisation_id,
            kind=EventKind.STATE,
            from_state=referral.state,
            to_state=to_state,
            reason="erased",
        )
        Referral.objects.filter(pk=referral.pk).update(state=to_state, closed_at=now)
    steps.add(
        Referral,
        _blank(
            referrals,
            reason=ERASED_TEXT,
            shared_data={},
            answer_note="",
            external_reference="",
            external_contact="",
        )
        + _blank(referrals.exclude(override_justification=""), override_justification=ERASED_TEXT),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        ReferralEvent,
        _blank(ReferralEvent.objects.filter(referral__in=graph[Referral]), note=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        Enrolment,
        _blank(Enrolment.objects.filter(pk__in=graph[Enrolment]), notes=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    # Certificates stay valid; the check page then says "valid" without any name.
    certificates = Certificate.objects.filter(pk__in=graph[Certificate])
    pdfs = [str(name) for name in certificates.exclude(pdf="").values_list("pdf", flat=True)]
    steps.add(
        Certificate,
        _blank(certificates, participant_name="", override_reason="", pdf="")
        + _blank(certificates.exclude(participant_birth_date=None), participant_birth_date=None),
        ErasureLogEntry.Step.ANONYMISED,
    )
    transaction.on_commit(lambda: _delete_files(pdfs))
    steps.add(
        Placement,
        _blank(Placement.objects.filter(pk__in=graph[Placement]), notes=""),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        StabilisationCheck,
        _blank(
            StabilisationCheck.objects.filter(pk__in=graph[StabilisationCheck]),
            support_given="",
            next_step="",
        ),
        ErasureLogEntry.Step.ANONYMISED,
    )
    suggestions = MatchSuggestion.objects.filter(pk__in=graph[MatchSuggestion])
    steps.add(
        MatchSuggestion,
        _blank(suggestions.exclude(reason=""), reason=ERASED_TEXT)
        + _blank(suggestions, factors=[]),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        "auditlog.logentry",
        _scrub_change_log(graph, steps.token),
        ErasureLogEntry.Step.ANONYMISED,
    )
    steps.add(
        AccessLogEntry,
        access_log_scrub(participant_id=pk) + _scrub_access_log_mentions(participant, mentions),
        ErasureLogEntry.Step.ANONYMISED,
    )


def _remove(participant: Participant, steps: _Steps) -> None:
    """Delete the participant with the case and everything in it (certificates first:
    they protect their enrolments)."""
    graph = _graph(participant)
    certificates = Certificate.objects.filter(pk__in=graph[Certificate])
    pdfs = [str(name) for name in certificates.exclude(pdf="").values_list("pdf", flat=True)]
    files = [
        str(name)
        for name in Document.objects.filter(pk__in=graph[Document]).values_list("file", flat=True)
    ]
    steps.add(Certificate, certificates.delete()[0], ErasureLogEntry.Step.DELETED)
    _deleted, per_model = Participant.objects.filter(pk=participant.pk).delete()
    for label, count in sorted(per_model.items()):
        steps.add(label.lower(), count, ErasureLogEntry.Step.DELETED)
    transaction.on_commit(lambda: _delete_files(pdfs + files))


# The erasure log file ----------------------------------------------------------------


def _append_to_file(lines: list[dict]) -> None:
    """Append JSON lines to the erasure log file (outside the database), flushed to disk."""
    path = Path(settings.ERASURE_LOG_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _file_lines(request: ErasureRequest, entries: list[ErasureLogEntry]) -> list[dict]:
    lines = [
        {
            "kind": "request",
            "pseudonym": request.pseudonym,
            "project_id": request.project_id,
            "state": request.state,
            "received_on": request.received_on.isoformat(),
            "channel": request.channel,
            "keep_until": request.keep_until.isoformat() if request.keep_until else None,
            "kept": request.kept,
            "at": timezone.now().isoformat(),
        }
    ]
    lines += [
        {
            "kind": "step",
            "pseudonym": entry.pseudonym,
            "project_id": entry.project_id,
            "object_type": entry.object_type,
            "count": entry.object_count,
            "step": entry.step,
            "actor_id": entry.actor_id,
            "rule": entry.rule,
            "at": (entry.at or timezone.now()).isoformat(),
        }
        for entry in entries
    ]
    return lines


def _checkpoint() -> None:
    """On SQLite, copy the write-ahead log into the database file and truncate it, so
    that no erased value stays in the WAL (secure_delete zeroes freed space in the file)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# Erasing -----------------------------------------------------------------------------


@dataclass
class ErasureResult:
    request: ErasureRequest
    plan: ErasurePlan
    entries: list[ErasureLogEntry]


@transaction.atomic
def participant_erase(
    *, actor, participant: Participant, received_on: date, channel: str, reason: str = ""
) -> ErasureResult:
    """Carry out an erasure request for `participant` now (see the module docstring)."""
    if not actor.has_perm("privacy.erase_person", participant):
        raise PermissionDenied
    participant = (
        Participant.objects.select_for_update().select_related("project").get(pk=participant.pk)
    )
    if ErasureRequest.objects.filter(participant=participant).exists() or is_anonymised(
        participant
    ):
        raise ValidationError(_("This person was already erased."), code="already_erased")
    if ImportJob.objects.filter(
        project_id=participant.project_id,
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING],
    ).exists():
        raise ValidationError(
            _(
                "An import of this project's participant list is waiting or running. "
                "Erase the person once it has finished: the import could write their "
                "data again."
            ),
            code="import_running",
        )
    now = timezone.now()
    today = timezone.localdate()
    plan = erasure_plan(participant, on=today)
    token = pseudonym(participant.pk)
    request = ErasureRequest(
        project_id=participant.project_id,
        participant=participant,
        pseudonym=token,
        state=ErasureRequest.State.ANONYMISED,
        received_on=received_on,
        channel=channel,
        reason=reason,
        carried_out_at=now,
        kept=[item.as_json() for item in plan.kept],
        keep_until=plan.keep_until,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    request.full_clean(exclude=["participant", "created_by"])
    if received_on > today:
        raise ValidationError({"received_on": _("The request cannot be received in the future.")})
    steps = _Steps(project_id=participant.project_id, token=token, actor=actor)
    indicator = plan.keeps(RetentionScope.INDICATOR_DATA)
    with disable_auditlog():
        access_log_record(
            actor=actor,
            action=AccessLogEntry.Action.ERASURE,
            record=participant,
            project_id=participant.project_id,
            organisation_id=participant.organisation_id,
        )
        if not plan.keeps_case_file:
            _anonymise(participant, steps, actor=actor, now=now)
            if indicator is not None:
                steps.add(
                    "participants.participant",
                    1,
                    ErasureLogEntry.Step.ANONYMISED,
                    rule=f"kept until {indicator.until.isoformat()}: {indicator.rule_text}",
                    rule_id=indicator.rule_id,
                )
        if plan.removes_everything:
            _remove(participant, steps)
            request.participant = None
            request.state = ErasureRequest.State.REMOVED
            request.removed_at = now
        request.save()
    entries = steps.save()
    _append_to_file(_file_lines(request, entries))
    transaction.on_commit(_checkpoint)
    return ErasureResult(request=request, plan=plan, entries=entries)


# Removing what was kept --------------------------------------------------------------


@transaction.atomic
def erasures_remove_expired(*, today: date | None = None) -> dict:
    """The daily job: anonymise what a case-file rule kept once it ended, and delete the
    participant once nothing keeps it (`keep_until` passed)."""
    today = today or timezone.localdate()
    counts = {"anonymised": 0, "removed": 0}
    requests = ErasureRequest.objects.filter(
        state=ErasureRequest.State.ANONYMISED, participant__isnull=False
    ).select_related("participant")
    for request in requests:
        participant = request.participant
        steps = _Steps(project_id=request.project_id, token=request.pseudonym, actor=None)
        with disable_auditlog():
            case_file = [item for item in request.kept if item.get("scope") == "case_file"]
            if (
                case_file
                and not is_anonymised(participant)
                and all(date.fromisoformat(item["until"]) <= today for item in case_file)
            ):
                _anonymise(participant, steps, actor=None, now=timezone.now())
                counts["anonymised"] += 1
            if request.keep_until is None or request.keep_until < today:
                if not is_anonymised(participant):
                    _anonymise(participant, steps, actor=None, now=timezone.now())
                _remove(participant, steps)
                ErasureRequest.objects.filter(pk=request.pk).update(
                    state=ErasureRequest.State.REMOVED, removed_at=timezone.now()
                )
                request.state = ErasureRequest.State.REMOVED
                counts["removed"] += 1
        for index, row in enumerate(steps.rows):
            label, count, step, _rule, rule_id = row
            steps.rows[index] = (label, count, step, "retention period ended", rule_id)
        entries = steps.save()
        if entries:
            _append_to_file(_file_lines(request, entries))
    if counts["removed"] or counts["anonymised"]:
        transaction.on_commit(_checkpoint)
    return counts


# Replaying after a restore -----------------------------------------------------------


def _read_log(path: Path) -> list[dict]:
    lines = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.strip()
            if not raw:
                continue
            try:
                lines.append(json.loads(raw))
            except json.JSONDecodeError as error:
                raise ValidationError(
                    _("Line %(number)s of the erasure log cannot be read.") % {"number": number}
                ) from error
    return lines


@transaction.atomic
def erasures_replay(*, path: Path | str | None = None) -> dict:
    """Re-apply the erasures of the log file to the participants that still carry their
    identity (after a backup older than the erasure was restored). Participants are
    found by their pseudonym over the current ids. Idempotent: a participant already
    anonymised or removed is left alone."""
    path = Path(path or settings.ERASURE_LOG_FILE)
    counts = {"requests": 0, "anonymised": 0, "removed": 0, "already": 0, "not_found": 0}
    if not path.exists():
        return counts
    requests: dict[str, dict] = {}
    for line in _read_log(path):
        if line.get("kind") == "request" and line.get("pseudonym"):
            previous = requests.get(line["pseudonym"])
            # The latest state wins (a removal after the anonymisation).
            if previous is None or line.get("state") == ErasureRequest.State.REMOVED:
                requests[line["pseudonym"]] = line
    counts["requests"] = len(requests)
    if not requests:
        return counts
    by_pseudonym = {
        pseudonym(pk): pk for pk in Participant.objects.values_list("pk", flat=True).iterator()
    }
    for token, line in requests.items():
        pk = by_pseudonym.get(token)
        if pk is None:
            counts["not_found"] += 1
            continue
        participant = Participant.objects.get(pk=pk)
        steps = _Steps(project_id=participant.project_id, token=token, actor=None)
        case_file_kept = any(
            item.get("scope") == "case_file"
            and date.fromisoformat(item["until"]) > timezone.localdate()
            for item in line.get("kept", [])
        )
        with disable_auditlog():
            if not case_file_kept and not is_anonymised(participant):
                _anonymise(participant, steps, actor=None, now=timezone.now())
                counts["anonymised"] += 1
            elif line.get("state") != ErasureRequest.State.REMOVED:
                counts["already"] += 1
            request = ErasureRequest.objects.filter(pseudonym=token).first()
            if request is None:
                request = ErasureRequest.objects.create(
                    project_id=participant.project_id,
                    participant=participant,
                    pseudonym=token,
                    state=ErasureRequest.State.ANONYMISED,
                    received_on=date.fromisoformat(line["received_on"]),
                    channel=line.get("channel") or ErasureRequest.Channel.STAFF,
                    reason="",
                    carried_out_at=timezone.now(),
                    kept=line.get("kept", []),
                    keep_until=(
                        date.fromisoformat(line["keep_until"]) if line.get("keep_until") else None
                    ),
                )
            if line.get("state") == ErasureRequest.State.REMOVED:
                _remove(participant, steps)
                ErasureRequest.objects.filter(pk=request.pk).update(
                    state=ErasureRequest.State.REMOVED, removed_at=timezone.now()
                )
                counts["removed"] += 1
        for index, row in enumerate(steps.rows):
            label, count, step, _rule, rule_id = row
            steps.rows[index] = (label, count, step, "replayed after a restore", rule_id)
        steps.save()
    transaction.on_commit(_checkpoint)
    return counts
