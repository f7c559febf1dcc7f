"""Everything stored about one person, as plain data (the right of access, Art. 15 DSGVO).

`person_data(participant)` answers with a dict that `json.dumps` writes as it is: stable
English keys, dates and times in ISO 8601, a choice as `{"code": ..., "label": ...}`
(the label in the active language), a linked organisation, offer or vacancy as a small
dict with its id and name. One key per area (`AREAS`), always present (empty list or
null when the person has nothing there), so that a reader of the file finds the same
shape for everyone.

Every model with a relation chain to `participants.Participant` is named in `COVERED`
(where its rows are in the export) or `EXCLUDED` (why not); a test walks the app registry
and fails on a model in neither, so that a new table about people cannot be forgotten.

Left out on purpose, because it is data about other people (Art. 15(4) DSGVO): the staff
members who recorded, decided or read something (the access log names their role and
organisation, not the person; the case's responsible staff member, the person's contact,
is named), the requester of a service job the person worked on, the staff's network
addresses. Technical fields (`version`, the search key, a certificate's verification
code) are left out too.

`change_history` holds the change log's entries (django-auditlog) of the person's rows:
what changed when, from what to what (earlier addresses, corrected notes), not who.

The number of queries is bounded: the participant is read once with its relations
prefetched (`person_data_queryset`), plus one query each for the consent texts, the
change log, the access log and the organisations it names, however much the person has.
"""

from datetime import date, datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.db.models.fields.files import FieldFile

from quartier.cases.models import Assessment, Contact, Document, FollowUp, Goal
from quartier.core.models import Organisation
from quartier.economy.models import Placement
from quartier.economy.models.placements import RiskFlag
from quartier.matching.models import MatchSuggestion
from quartier.network.models import Referral, ReferralEvent
from quartier.network.models.referrals import SharedField
from quartier.offers.models import Enrolment, ServiceRequest
from quartier.participants.models import (
    Consent,
    ConsentText,
    Participant,
    ReferralPurpose,
    RequestEvent,
    Topic,
)
from quartier.privacy.models import AccessLogEntry, ErasureRequest

#: The top-level keys of `person_data`, in the order of the PDF's sections.
AREAS = (
    "export",
    "controller",
    "identity",
    "first_contact",
    "consents",
    "case",
    "assessments",
    "plan",
    "contacts",
    "follow_ups",
    "documents",
    "enrolments",
    "service_jobs",
    "match_suggestions",
    "placements",
    "referrals",
    "erasure_requests",
    "change_history",
    "access_log",
)

#: Model label → the area of `person_data` that holds its rows. Every model with a
#: relation chain to a participant is here or in `EXCLUDED` (tests/privacy/selectors).
COVERED = {
    "participants.participant": "identity",
    "participants.firstcontact": "first_contact",
    "participants.requestevent": "first_contact",
    "participants.consent": "consents",
    "cases.case": "case",
    "cases.assessment": "assessments",
    "cases.plan": "plan",
    "cases.goal": "plan",
    "cases.contact": "contacts",
    "cases.followup": "follow_ups",
    "cases.document": "documents",
    "offers.enrolment": "enrolments",
    "offers.attendance": "enrolments",
    "offers.certificate": "enrolments",
    "offers.servicerequest": "service_jobs",
    "matching.matchsuggestion": "match_suggestions",
    "economy.placement": "placements",
    "economy.stabilisationcheck": "placements",
    "network.referral": "referrals",
    "network.referralevent": "referrals",
    "privacy.erasurerequest": "erasure_requests",
}

#: Model label → why its rows are not in the export.
EXCLUDED = {
    "cases.assessment_skills": "the link between an assessment and its skills: the "
    "skills are listed with each assessment",
    "offers.servicerequest_team": "the link between a service job and its team: the "
    "person's service jobs are listed under service_jobs",
}

#: Models whose change history (django-auditlog) is not exported: it holds another
#: person's data (a service job's requester).
HISTORY_EXCLUDED = frozenset({"offers.servicerequest"})
#: Bookkeeping fields of a change that tell the person nothing.
HISTORY_SKIPPED_FIELDS = frozenset({"version", "updated_at", "search_key", "verification_token"})

#: Fields never exported: optimistic-locking counters, search keys, secrets.
SKIPPED_FIELDS = frozenset({"version", "search_key", "verification_token", "created_by"})

#: JSON fields holding a list of choice codes, with the choices that label them.
LIST_CHOICES = {
    ("participants.firstcontact", "topics"): Topic,
    ("cases.contact", "topics"): Topic,
    ("participants.consent", "referral_purposes"): ReferralPurpose,
    ("economy.stabilisationcheck", "risk_flags"): RiskFlag,
    ("network.referral", "shared_fields"): SharedField,
}


# --- Plain values --------------------------------------------------------------------


def choice(code, choices) -> dict | None:
    """A code with its label, `{"code": "female", "label": "weiblich"}`."""
    if code is None:
        return None
    labels = dict(choices)
    return {"code": code, "label": str(labels.get(code, code))}


def plain_value(value):
    """A value as JSON writes it: dates ISO, decimals as strings, a file by its name."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def plain(instance, *, skip: tuple[str, ...] = ()) -> dict:
    """Every stored field of `instance` that is not a relation: `{"id": ..., name: value}`,
    a choice with its label, a list of codes with their labels."""
    label = instance._meta.label_lower
    data = {}
    for field in instance._meta.concrete_fields:
        if field.is_relation or field.name in SKIPPED_FIELDS or field.name in skip:
            continue
        value = getattr(instance, field.attname)
        if field.choices and value not in (None, ""):
            data[field.name] = choice(value, field.flatchoices)
        elif (label, field.name) in LIST_CHOICES and isinstance(value, list):
            choices = LIST_CHOICES[label, field.name].choices
            data[field.name] = [choice(code, choices) for code in value]
        else:
            data[field.name] = plain_value(value)
    return data


def organisation_ref(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name}


def _ref(instance, name_field: str) -> dict | None:
    if instance is None:
        return None
    return {"id": instance.pk, name_field: getattr(instance, name_field)}


# --- The query -------------------------------------------------------------------------


def person_data_queryset():
    """Participants with every relation the export reads, prefetched."""
    return Participant.objects.select_related(
        "project",
        "organisation",
        "district",
        "case",
        "case__responsible",
        "case__plan",
        "first_contact",
        "first_contact__organisation",
    ).prefetch_related(
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("partner").order_by("given_on", "id"),
        ),
        Prefetch(
            "first_contact__request_events", queryset=RequestEvent.objects.order_by("at", "id")
        ),
        Prefetch("erasure_requests", queryset=ErasureRequest.objects.order_by("received_on", "id")),
        Prefetch("case__assessments", queryset=Assessment.objects.order_by("date", "id")),
        "case__assessments__skills",
        Prefetch("case__plan__goals", queryset=Goal.objects.order_by("position", "id")),
        Prefetch("case__contacts", queryset=Contact.objects.order_by("date", "id")),
        Prefetch("case__follow_ups", queryset=FollowUp.objects.order_by("due_date", "id")),
        Prefetch("case__documents", queryset=Document.objects.order_by("created_at", "id")),
        Prefetch(
            "case__enrolments",
            queryset=Enrolment.objects.select_related("offer", "goal").order_by("start_date", "id"),
        ),
        "case__enrolments__attendances",
        "case__enrolments__certificates",
        Prefetch(
            "case__service_requests",
            queryset=ServiceRequest.objects.select_related("offer").order_by("scheduled_for", "id"),
        ),
        Prefetch(
            "case__match_suggestions",
            queryset=MatchSuggestion.objects.select_related(
                "vacancy", "vacancy__employer", "offer"
            ).order_by("id"),
        ),
        Prefetch(
            "case__placements",
            queryset=Placement.objects.select_related("vacancy", "employer").order_by(
                "start_date", "id"
            ),
        ),
        "case__placements__checks",
        Prefetch(
            "case__referrals",
            queryset=Referral.objects.select_related(
                "recipient", "sender_organisation", "partner__partner_organisation", "offer"
            ).order_by("created_at", "id"),
        ),
        Prefetch(
            "case__referrals__events",
            queryset=ReferralEvent.objects.select_related("organisation").order_by("at", "id"),
        ),
    )


# --- The areas -------------------------------------------------------------------------


def _identity(participant: Participant) -> dict:
    data = plain(participant)
    data["project"] = {
        "id": participant.project_id,
        "name": participant.project.name,
    }
    data["organisation"] = organisation_ref(participant.organisation)
    data["district"] = _ref(participant.district, "name")
    return data


def _controller(participant: Participant) -> dict:
    """The organisation responsible for the data, with its address."""
    organisation = participant.organisation
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "phone": organisation.phone,
        "email": organisation.email,
        "project": participant.project.name,
    }


def _consent_texts(participant: Participant, consents: list[Consent]) -> dict:
    """(purpose, text_version) → the text the person agreed to, in one query."""
    if not consents:
        return {}
    texts = ConsentText.objects.filter(
        project_id=participant.project_id,
        purpose__in={consent.purpose for consent in consents},
        text_version__in={consent.text_version for consent in consents},
    )
    return {(text.purpose, text.text_version): text for text in texts}


def _consents(participant: Participant) -> list[dict]:
    consents = list(participant.consents.all())
    texts = _consent_texts(participant, consents)
    rows = []
    for consent in consents:
        data = plain(consent)
        data["partner"] = organisation_ref(consent.partner)
        text = texts.get((consent.purpose, consent.text_version))
        data["text"] = (
            {
                "text_version": text.text_version,
                "valid_from": plain_value(text.valid_from),
                "text": text.text,
            }
            if text
            else None
        )
        rows.append(data)
    return rows


def _first_contact(participant: Participant) -> dict | None:
    first_contact = getattr(participant, "first_contact", None)
    if first_contact is None:
        return None
    data = plain(first_contact)
    data["organisation"] = organisation_ref(first_contact.organisation)
    data["steps"] = [
        plain(event, skip=("assigned_to", "by")) for event in first_contact.request_events.all()
    ]
    return data


def _case(case) -> dict:
    data = plain(case)
    responsible = case.responsible
    data["responsible"] = (
        {"name": responsible.full_name or responsible.email} if responsible else None
    )
    return data


def _assessments(case) -> list[dict]:
    rows = []
    for assessment in case.assessments.all():
        data = plain(assessment)
        data["skills"] = [
            {
                "name": skill.name,
                "category": choice(skill.category, skill.Category.choices),
                "esco_uri": skill.esco_uri,
            }
            for skill in assessment.skills.all()
        ]
        rows.append(data)
    return rows


def _plan(case) -> dict | None:
    plan = getattr(case, "plan", None)
    if plan is None:
        return None
    data = plain(plan)
    data["goals"] = [plain(goal) for goal in plan.goals.all()]
    return data


def document_export_name(document: Document) -> str:
    """Where a document's file lies in the ZIP: documents/<id>-<original name>."""
    name = document.original_name.replace("/", "_").replace("\\", "_").strip() or "file"
    return f"documents/{document.pk}-{name}"


def certificate_export_name(certificate) -> str:
    return f"certificates/{certificate.number}.pdf"


def _documents(case) -> list[dict]:
    rows = []
    for document in case.documents.all():
        data = plain(document, skip=("file",))
        data["file_in_export"] = document_export_name(document)
        rows.append(data)
    return rows


def _enrolments(case) -> list[dict]:
    rows = []
    for enrolment in case.enrolments.all():
        data = plain(enrolment)
        offer = enrolment.offer
        data["offer"] = {
            "id": offer.pk,
            "title": offer.title,
            "kind": choice(offer.kind, type(offer)._meta.get_field("kind").flatchoices),
        }
        data["goal"] = _ref(enrolment.goal, "title")
        data["attendance"] = [
            plain(attendance)
            for attendance in sorted(enrolment.attendances.all(), key=lambda a: a.date)
        ]
        data["certificates"] = []
        for certificate in enrolment.certificates.all():
            item = plain(certificate, skip=("pdf",))
            item["file_in_export"] = (
                certificate_export_name(certificate) if certificate.pdf else None
            )
            data["certificates"].append(item)
        rows.append(data)
    return rows


def _service_jobs(case) -> list[dict]:
    """The service jobs the person worked on, without the requester's data."""
    return [
        {
            "id": job.pk,
            "offer": _ref(job.offer, "title"),
            "status": choice(job.status, type(job)._meta.get_field("status").flatchoices),
            "preferred_date": plain_value(job.preferred_date),
            "scheduled_for": plain_value(job.scheduled_for),
            "done_at": plain_value(job.done_at),
        }
        for job in case.service_requests.all()
    ]


def _match_suggestions(case) -> list[dict]:
    rows = []
    for suggestion in case.match_suggestions.all():
        data = plain(suggestion)
        vacancy = suggestion.vacancy
        data["vacancy"] = (
            {
                "id": vacancy.pk,
                "title": vacancy.title,
                "employer": vacancy.employer.name if vacancy.employer_id else None,
            }
            if vacancy
            else None
        )
        data["offer"] = _ref(suggestion.offer, "title")
        rows.append(data)
    return rows


def _placements(case) -> list[dict]:
    rows = []
    for placement in case.placements.all():
        data = plain(placement)
        data["vacancy"] = _ref(placement.vacancy, "title")
        data["employer"] = _ref(placement.employer, "name")
        data["checks"] = [
            plain(check)
            for check in sorted(placement.checks.all(), key=lambda c: (c.due_date, c.pk))
        ]
        rows.append(data)
    return rows


def _referrals(case) -> list[dict]:
    rows = []
    for referral in case.referrals.all():
        data = plain(referral)
        data["recipient"] = organisation_ref(referral.recipient)
        data["sender_organisation"] = organisation_ref(referral.sender_organisation)
        data["partner"] = (
            organisation_ref(referral.partner.partner_organisation) if referral.partner else None
        )
        data["offer"] = _ref(referral.offer, "title")
        data["consent"] = referral.consent_id
        data["feedback_consent"] = referral.feedback_consent_id
        data["events"] = []
        for event in referral.events.all():
            item = plain(event)
            item["organisation"] = organisation_ref(event.organisation)
            data["events"].append(item)
        rows.append(data)
    return rows


def _access_log(participant: Participant, case) -> list[dict]:
    """The access log's entries about the person: by participant, and the older ones
    that name only the participant or case record."""
    about = Q(participant_id=participant.pk) | Q(
        record_type="participants.participant", record_id=participant.pk
    )
    if case is not None:
        about |= Q(record_type="cases.case", record_id=case.pk)
    entries = list(AccessLogEntry.objects.filter(about).order_by("at", "id"))
    organisation_ids = {entry.organisation_id for entry in entries if entry.organisation_id}
    organisations = (
        {org.pk: org for org in Organisation.objects.filter(pk__in=organisation_ids)}
        if organisation_ids
        else {}
    )
    rows = []
    for entry in entries:
        rows.append(
            {
                "id": entry.pk,
                "at": plain_value(entry.at),
                "action": choice(entry.action, AccessLogEntry.Action.choices),
                "record_type": entry.record_type,
                "record_id": entry.record_id,
                "role": entry.role,
                "organisation": organisation_ref(organisations.get(entry.organisation_id)),
                "detail": entry.detail,
            }
        )
    return rows


def _rows_of(participant: Participant, case) -> list:
    """Every stored row about the person that the prefetch read (for its history)."""
    rows = [participant, *participant.consents.all(), *participant.erasure_requests.all()]
    first_contact = getattr(participant, "first_contact", None)
    if first_contact is not None:
        rows.append(first_contact)
    if case is None:
        return rows
    rows += [case, *case.assessments.all(), *case.contacts.all(), *case.follow_ups.all()]
    rows += [*case.documents.all(), *case.match_suggestions.all(), *case.referrals.all()]
    plan = getattr(case, "plan", None)
    if plan is not None:
        rows += [plan, *plan.goals.all()]
    for enrolment in case.enrolments.all():
        rows += [enrolment, *enrolment.attendances.all(), *enrolment.certificates.all()]
    for placement in case.placements.all():
        rows += [placement, *placement.checks.all()]
    return rows


def _change_history(participant: Participant, case) -> list[dict]:
    """The change log's entries (django-auditlog) of the person's rows, and of rows of
    the case since deleted: what changed when, from what to what; not who."""
    by_model: dict = {}
    for row in _rows_of(participant, case):
        if row._meta.label_lower not in HISTORY_EXCLUDED:
            by_model.setdefault(type(row), set()).add(row.pk)
    types = ContentType.objects.get_for_models(*by_model)
    about = Q()
    for model, ids in by_model.items():
        about |= Q(content_type=types[model], object_id__in=ids)
    if case is not None:
        excluded = [
            ContentType.objects.get_for_model(apps.get_model(label)) for label in HISTORY_EXCLUDED
        ]
        about |= Q(additional_data__case_id=case.pk) & ~Q(content_type__in=excluded)
    entries = (
        LogEntry.objects.filter(about).select_related("content_type").order_by("timestamp", "id")
    )
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = {
            field: plain_value(values)
            for field, values in (entry.changes_dict or {}).items()
            if field not in HISTORY_SKIPPED_FIELDS
        }
        rows.append(
            {
                "at": plain_value(entry.timestamp),
                "record_type": entry.content_type.app_label + "." + entry.content_type.model,
                "record_name": str(model._meta.verbose_name) if model else "",
                "record_id": entry.object_id,
                "action": choice(entry.action, LogEntry.Action.choices),
                "changes": changes,
            }
        )
    return rows


def person_data(participant: Participant) -> dict:
    """Everything stored about `participant` (a participant the caller may export: scope
    it with `persons_visible_to` first), as JSON-ready plain data keyed by `AREAS`."""
    participant = person_data_queryset().get(pk=participant.pk)
    case = getattr(participant, "case", None)
    data = {
        "export": {"format": "quartier-art15", "format_version": 1},
        "controller": _controller(participant),
        "identity": _identity(participant),
        "first_contact": _first_contact(participant),
        "consents": _consents(participant),
        "case": _case(case) if case else None,
        "assessments": _assessments(case) if case else [],
        "plan": _plan(case) if case else None,
        "contacts": [plain(contact) for contact in case.contacts.all()] if case else [],
        "follow_ups": [plain(item) for item in case.follow_ups.all()] if case else [],
        "documents": _documents(case) if case else [],
        "enrolments": _enrolments(case) if case else [],
        "service_jobs": _service_jobs(case) if case else [],
        "match_suggestions": _match_suggestions(case) if case else [],
        "placements": _placements(case) if case else [],
        "referrals": _referrals(case) if case else [],
        "erasure_requests": [plain(item) for item in participant.erasure_requests.all()],
        "change_history": _change_history(participant, case),
        "access_log": _access_log(participant, case),
    }
    return data
