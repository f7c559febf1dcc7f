"""Reads of the case documents and what the printable consent form shows."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from quartier.cases.models import Document
from quartier.cases.selectors.cases import _of_visible_cases
from quartier.core.models import Organisation
from quartier.participants.models import ConsentPurpose, ConsentText, Participant


def documents_visible_to(user) -> QuerySet[Document]:
    return _of_visible_cases(Document, user)


@dataclass
class ConsentSection:
    purpose: str
    label: str
    text: str  # empty: the template's default text is printed
    version: str
    is_default: bool


DEFAULT_CONSENT_TEXT_VERSION = "Standardtext 1.0"


def consent_form_data(*, participant: Participant) -> dict:
    """What the consent form prints: the project's newest text per purpose in force today
    (or the default text), the owning organisation, funders and partner organisations."""
    project = participant.project
    today = timezone.localdate()
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(project=project, valid_from__lte=today).order_by(
        "purpose", "-valid_from", "-created_at", "-id"
    ):
        texts.setdefault(text.purpose, text)
    sections = []
    for purpose, label in ConsentPurpose.choices:
        text = texts.get(purpose)
        sections.append(
            ConsentSection(
                purpose=purpose,
                label=str(label),
                text=text.text if text else "",
                version=text.text_version if text else DEFAULT_CONSENT_TEXT_VERSION,
                is_default=text is None,
            )
        )
    partners = list(
        Organisation.objects.filter(project_memberships__project=project)
        .exclude(pk=participant.organisation_id)
        .order_by("name")
    )
    return {
        "participant": participant,
        "project": project,
        "organisation": participant.organisation,
        "funders": list(project.funders.order_by("name")),
        "sections": sections,
        "partners": partners,
        "is_minor": participant.age_on(today) < 18,
        "today": today,
    }
