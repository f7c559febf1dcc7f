"""Seeding the demo's data protection (`seed_privacy`) after the case files and the
network exist (`services.seeding.seed_demo`), and removing it again
(`clear_demo_privacy`, before the participants are removed: an erasure request made
in the demo points at its participant)."""

from dataclasses import dataclass
from datetime import date, timedelta

from quartier.core.models import Organisation, Project
from quartier.demo import data
from quartier.demo.privacy import catalogue
from quartier.participants.models import Consent, ConsentPurpose, GuardianReached, Participant
from quartier.privacy.models import ErasureLogEntry, ErasureRequest, RetentionRule


@dataclass
class PrivacyCounts:
    retention_rules: int = 0
    expiring: int = 0
    withdrawn: int = 0
    guardians: int = 0


def clear_demo_privacy(projects: dict[str, Project]) -> None:
    """Removes the demo projects' retention rules and the erasures made in the demo."""
    project_ids = [project.pk for project in projects.values()]
    for queryset in (
        ErasureLogEntry.objects.filter(project_id__in=project_ids),
        ErasureRequest.objects.filter(project_id__in=project_ids),
        RetentionRule.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)


def seed_privacy(
    *, projects: dict[str, Project], organisations: dict[str, Organisation], today: date
) -> PrivacyCounts:
    """Retention rules for every project; in each project's lead organisation consents
    ending soon and one withdrawn; in Job-in-West a pupil with a parent's consent.
    Nothing random: the participants are taken in the order of their numbers."""
    counts = PrivacyCounts()
    for spec in data.PROJECTS:
        project = projects[spec["slug"]]
        kinds = {data.FUNDERS[slug][1] for slug in spec["funders"]}
        rules = [RetentionRule(project=project, **rule) for rule in catalogue.rules_for(kinds)]
        RetentionRule.objects.bulk_create(rules)
        counts.retention_rules += len(rules)
        lead = organisations[spec["consortium"][0]]
        counts.expiring += _expiring_consents(project, lead, today)
        counts.withdrawn += _withdrawn_consent(project, lead, today)
    counts.guardians += _pupil(projects["job-in-west"], organisations["buergerservice-trier"])
    return counts


def _consents(project: Project, organisation: Organisation):
    return Consent.objects.filter(
        participant__project=project, participant__organisation=organisation
    ).order_by("participant__external_id", "purpose", "pk")


def _expiring_consents(project, organisation, today: date) -> int:
    """Counselling consents of the first participants that end in the coming weeks."""
    consents = list(
        _consents(project, organisation).filter(
            purpose=ConsentPurpose.COUNSELLING,
            withdrawn_on__isnull=True,
            valid_until__isnull=True,
            given_on__lte=today,
        )[: len(catalogue.EXPIRY_DAYS)]
    )
    for consent, days in zip(consents, catalogue.EXPIRY_DAYS, strict=False):
        Consent.objects.filter(pk=consent.pk).update(valid_until=today + timedelta(days=days))
    return len(consents)


def _withdrawn_consent(project, organisation, today: date) -> int:
    """A photo consent withdrawn a few days ago."""
    withdrawn_on = today - timedelta(days=catalogue.WITHDRAWN_DAYS_AGO)
    consent = (
        _consents(project, organisation)
        .filter(
            purpose=ConsentPurpose.PHOTOS, withdrawn_on__isnull=True, given_on__lte=withdrawn_on
        )
        .first()
    )
    if consent is None:
        return 0
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=withdrawn_on)
    return 1


def _pupil(project: Project, organisation: Organisation) -> int:
    """The organisation's first participant still taking part becomes a pupil of 15 on
    entry (not working, lower secondary school), whose consents a parent gave too."""
    pupil = (
        Participant.objects.filter(
            project=project, organisation=organisation, case__exit_date__isnull=True
        )
        .select_related("case")
        .order_by("external_id")
        .first()
    )
    if pupil is None:
        return 0
    entry = pupil.case.entry_date
    birth = date(entry.year - catalogue.PUPIL_AGE, entry.month, 1) - timedelta(days=40)
    Participant.objects.filter(pk=pupil.pk).update(
        birth_date=birth, labour_status="inactive", unemployed_since=None, isced=1
    )
    return Consent.objects.filter(participant=pupil).update(
        guardian_name=f"Sabine {pupil.last_name}",
        guardian_relation="parent",
        guardian_reached=GuardianReached.IN_PERSON,
    )
