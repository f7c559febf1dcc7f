"""The register of processing activities (Art. 30 DSGVO) of a project, and the
evaluators' pseudonymised case-level data.

`processing_register(project=...)` gathers what the register page shows of one project:
who is responsible (the consortium, its data-protection officers), the purposes (the
project's consent texts), the categories of data and of people (the same for every
project: `DATA_CATEGORIES`, `DATA_SUBJECTS`), the recipients (the project's network
partners, funders, the employers of placements, the evaluators), the retention rules and
the technical and organisational measures (`MEASURES`). docs/data-protection.md is the
same register for the installation as a whole.

`evaluation_table(project=...)` is the case-level table for an external evaluation:

- one row per case of the project, in the order of the pseudonyms;
- the pseudonym is an HMAC of the participant's id under a key derived from the
  installation's SECRET_KEY and the project (`pseudonym`): the same person gets the same
  pseudonym in every export of the project, another one in another project, and the
  evaluator cannot compute it back;
- no direct identifier: no name, contact data, street, postcode, birth date (an age band
  at entry instead), no free text, no special category (health, disability, minority);
- dates as months (YYYY-MM);
- small groups suppressed (k-anonymity on the quasi-identifiers gender, age band,
  district and entry month, `QUASI_IDENTIFIERS`): a row whose combination occurs fewer
  than k times (the reports' small-cell threshold, 5) shows the entry year instead of
  the month (and the exit year); where that combination is still rarer than k, the four
  columns and the exit date show "*". The column `generalisation` says which.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case, Contact
from quartier.core.models import Membership, Project, ProjectMember, Role
from quartier.core.selectors import projects_visible_to
from quartier.economy.models import Employer
from quartier.network.models import Partner
from quartier.offers.models import Enrolment
from quartier.participants.models import ConsentText
from quartier.privacy.models import RetentionRule
from quartier.reports.indicators import small_cell_threshold


def register_project_get(*, user, slug: str) -> Project:
    """A project the user sees (any role); raises Project.DoesNotExist otherwise. The
    pages then ask the register's permission of it (403 for a role without it)."""
    return projects_visible_to(user).get(slug=slug)


# The register of processing activities ------------------------------------------------

#: The categories of personal data Quartier stores about participants: (category, what it
#: holds, special category under Art. 9 DSGVO).
DATA_CATEGORIES = [
    (
        _("Identity"),
        _("name, date of birth, gender, participant number"),
        False,
    ),
    (
        _("Contact data"),
        _("street, postcode, city, district, phone, e-mail"),
        False,
    ),
    (
        _("ESF Plus entry and exit data"),
        _(
            "labour market status, unemployed since, education (ISCED), benefits, "
            "third-country national, foreign background, homelessness, single parent, "
            "exit result and the six-month follow-up"
        ),
        False,
    ),
    (
        _("Situation and skills"),
        _("languages, German level, childcare, mobility, assessments, support plan"),
        False,
    ),
    (
        _("Case documentation"),
        _("counselling contacts with notes, follow-ups, documents (CVs, certificates)"),
        False,
    ),
    (
        _("Participation"),
        _("enrolments, attendance, certificates, placements, match suggestions"),
        False,
    ),
    (
        _("Referrals"),
        _("what was passed to a partner organisation, with the consent it rests on"),
        False,
    ),
    (
        _("Consents"),
        _("purpose, text version, date, form, withdrawal, a legal guardian's consent"),
        False,
    ),
    (
        _("Special categories"),
        _(
            "disability, belonging to a minority (including Roma), health notes: only "
            "with a valid consent for special categories"
        ),
        True,
    ),
    (
        _("Access log"),
        _("who read, exported or changed whose data, when, in which role, from where"),
        False,
    ),
]

#: The people whose data is processed.
DATA_SUBJECTS = [
    _("participants (also minors, with the consent of a legal guardian)"),
    _("residents who ask for an offer or an appointment (first contacts)"),
    _("contact persons of partner organisations and employers"),
    _("staff of the organisations (logins, roles, access log)"),
]

#: The technical and organisational measures (Art. 32 DSGVO), as the code takes them.
MEASURES = [
    _(
        "Login with a second factor (an authenticator app, with recovery codes) for every "
        "staff account; failed logins are limited; sessions end when idle and after ten "
        "hours."
    ),
    _(
        "Roles per organisation and project: staff see only the participants of their own "
        "organisation in the project; everything else answers “not found”."
    ),
    _(
        "Access log of every view, list, export, print, change, referral and erasure of "
        "personal data, written in the same transaction, chained by hashes and checked by "
        "manage.py verify_access_log."
    ),
    _("Changes recorded in the change log (who, when, before and after)."),
    _(
        "Encryption in transit (HTTPS only, HSTS); secure, HTTP-only session cookies; no "
        "scripts or fonts from elsewhere; staff pages are not cached."
    ),
    _(
        "Special categories shown and stored only while the consent for them is valid; a "
        "withdrawal takes effect at once."
    ),
    _(
        "Uploads checked by their content, stored outside the web root and served only "
        "through a view that checks the permission, as attachments."
    ),
    _(
        "Erasure against retention: what no rule keeps is anonymised at once; erasures are "
        "logged without the identity and replayed after a backup is restored."
    ),
    _("SQLite with secure_delete: erased data is overwritten in the database file."),
    _("Backups; no personal data in the application's logs or error pages."),
    _("Evaluators get figures with small counts suppressed, or pseudonymised case data."),
]


@dataclass(frozen=True)
class Purpose:
    purpose: str
    label: str
    text_version: str
    valid_from: date
    text: str


@dataclass(frozen=True)
class ProcessingRegister:
    project: Project
    controllers: list[ProjectMember]
    officers: list[Membership]
    purposes: list[Purpose]
    partners: list[Partner]
    funders: list
    employers_with_placements: int
    evaluators: list[Membership]
    retention_rules: list[RetentionRule]
    access_log_months: int = 24
    categories: list = field(default_factory=lambda: DATA_CATEGORIES)
    subjects: list = field(default_factory=lambda: DATA_SUBJECTS)
    measures: list = field(default_factory=lambda: MEASURES)


def _purposes(project: Project) -> list[Purpose]:
    """The newest consent text of each purpose (a text's versions never change)."""
    newest: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(project=project).order_by(
        "purpose", "-valid_from", "-pk"
    ):
        newest.setdefault(text.purpose, text)
    return [
        Purpose(
            purpose=text.purpose,
            label=text.get_purpose_display(),
            text_version=text.text_version,
            valid_from=text.valid_from,
            text=text.text,
        )
        for text in newest.values()
    ]


def processing_register(*, project: Project) -> ProcessingRegister:
    """The register of processing activities of `project`."""
    return ProcessingRegister(
        project=project,
        controllers=list(
            ProjectMember.objects.filter(project=project)
            .select_related("organisation")
            .order_by("-is_lead", "organisation__name")
        ),
        officers=list(
            Membership.objects.filter(project=project, role=Role.DATA_PROTECTION_OFFICER)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__full_name")
        ),
        purposes=_purposes(project),
        partners=list(
            Partner.objects.filter(project=project, is_active=True)
            .select_related("partner_organisation")
            .order_by("partner_organisation__name")
        ),
        funders=list(project.funders.order_by("name")),
        employers_with_placements=Employer.objects.filter(project=project, placements__isnull=False)
        .distinct()
        .count(),
        evaluators=list(
            Membership.objects.filter(project=project, role=Role.EVALUATOR)
            .select_related("organisation")
            .order_by("organisation__name")
        ),
        retention_rules=list(RetentionRule.objects.filter(project=project)),
        access_log_months=settings.ACCESS_LOG_RETENTION_MONTHS,
    )


# The evaluators' pseudonymised data ---------------------------------------------------

#: The columns that could single a person out together (generalised, then suppressed).
QUASI_IDENTIFIERS = ("gender", "age_band", "district", "entry_month")
SUPPRESSED = "*"

#: The columns of the table: (key, explanation). The keys are the file's header, the
#: same in every language; the explanations are its first sheet.
COLUMNS = [
    ("pseudonym", _("the person's pseudonym in this project (stable across exports)")),
    ("organisation", _("the consortium organisation that counsels the person")),
    ("gender", _("gender (female, male, non_binary, not_stated)")),
    ("age_band", _("age at entry: under_18, 18_29, 30_54, 55_plus")),
    ("district", _("the district the person lives in")),
    ("entry_month", _("month of entry (YYYY-MM); the year only where generalised")),
    ("stage", _("stage in the integration chain")),
    ("exit_month", _("month of exit (YYYY-MM), empty while taking part")),
    ("exit_reason", _("why the person left")),
    ("labour_status", _("labour market status at entry")),
    ("long_term_unemployed", _("unemployed for 12 months or more at entry (yes, no)")),
    ("isced", _("highest education at entry (ISCED 0–8)")),
    ("benefits", _("benefits at entry")),
    ("third_country_national", _("third-country national")),
    ("foreign_background", _("foreign background")),
    ("homeless", _("homeless or housing exclusion")),
    ("single_parent", _("single parent")),
    ("german_level", _("German level (CEFR)")),
    ("exit_job_searching", _("at exit: searching for a job")),
    ("exit_education_training", _("at exit: in education or training")),
    ("exit_qualification", _("at exit: gained a qualification")),
    ("exit_employed", _("at exit: employed")),
    ("followup_6m_employed", _("six months after exit: employed")),
    ("followup_6m_better_situation", _("six months after exit: better situation")),
    ("contacts", _("number of counselling contacts")),
    ("enrolments", _("number of offers taken part in")),
    ("generalisation", _("none, year (dates as years), suppressed (small group: “*”)")),
]
HEADER = [key for key, _label in COLUMNS]


def pseudonym(*, project_id: int, participant_id: int) -> str:
    """The participant's pseudonym in the project: an HMAC-SHA256 of the id under a key
    derived from SECRET_KEY and the project. Stable, different per project, and not
    computable without the installation's secret."""
    digest = salted_hmac(
        f"quartier.privacy.evaluation.project-{project_id}",
        str(participant_id),
        algorithm="sha256",
    ).hexdigest()
    return f"P-{digest[:16]}"


def age_band(age: int) -> str:
    """The ESF Plus age groups (INDICATORS.md: under 18, 18–29, 55 and over)."""
    if age < 18:
        return "under_18"
    if age < 30:
        return "18_29"
    if age < 55:
        return "30_54"
    return "55_plus"


@dataclass
class EvaluationTable:
    project: Project
    k: int
    rows: list[list] = field(default_factory=list)
    #: How many rows show years instead of months, and how many are suppressed.
    generalised: int = 0
    suppressed: int = 0

    header = HEADER


def _cases(project: Project) -> QuerySet[Case]:
    return (
        Case.objects.filter(project=project)
        .select_related("participant", "participant__district", "organisation")
        .annotate(contact_count=_count_of(Contact), enrolment_count=_count_of(Enrolment))
        .order_by()
    )


def _count_of(model):
    """How many rows of `model` the case has (a subquery: no join of contacts with
    enrolments)."""
    per_case = (
        model.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_case, output_field=IntegerField()), 0)


def _long_term_unemployed(participant, entry: date) -> str:
    since = participant.unemployed_since
    if participant.labour_status != "unemployed" or since is None:
        return "no"
    months = (entry.year - since.year) * 12 + entry.month - since.month
    return "yes" if months >= 12 else "no"


def _row(project: Project, case: Case) -> dict:
    person = case.participant
    return {
        "pseudonym": pseudonym(project_id=project.pk, participant_id=person.pk),
        "organisation": case.organisation.name,
        "gender": person.gender,
        "age_band": age_band(person.age_on(case.entry_date)),
        "district": person.district.name if person.district else "",
        "entry_month": case.entry_date.strftime("%Y-%m"),
        "stage": case.stage,
        "exit_month": case.exit_date.strftime("%Y-%m") if case.exit_date else "",
        "exit_reason": case.exit_reason,
        "labour_status": person.labour_status,
        "long_term_unemployed": _long_term_unemployed(person, case.entry_date),
        "isced": person.isced,
        "benefits": person.benefits,
        "third_country_national": person.third_country_national,
        "foreign_background": person.foreign_background,
        "homeless": person.homeless,
        "single_parent": person.single_parent,
        "german_level": person.german_level,
        "exit_job_searching": case.exit_job_searching,
        "exit_education_training": case.exit_education_training,
        "exit_qualification": case.exit_qualification,
        "exit_employed": case.exit_employed,
        "followup_6m_employed": case.followup_6m_employed,
        "followup_6m_better_situation": case.followup_6m_better_situation,
        "contacts": case.contact_count,
        "enrolments": case.enrolment_count,
        "generalisation": "none",
    }


def _key(row: dict) -> tuple:
    return tuple(row[column] for column in QUASI_IDENTIFIERS)


def _to_years(row: dict) -> None:
    row["entry_month"] = row["entry_month"][:4]
    row["exit_month"] = row["exit_month"][:4]
    row["generalisation"] = "year"


def _suppress(row: dict) -> None:
    for column in (*QUASI_IDENTIFIERS, "exit_month"):
        row[column] = SUPPRESSED
    row["generalisation"] = "suppressed"


def k_anonymise(rows: list[dict], k: int) -> tuple[int, int]:
    """Generalise and suppress the quasi-identifiers of `rows` in place, so that every
    combination shown occurs at least `k` times: rows of a combination rarer than k show
    the years; where the combination of years is still rarer than k (among those rows),
    the quasi-identifiers show "*". Returns (rows with years, rows suppressed)."""
    counts = Counter(_key(row) for row in rows)
    rare = [row for row in rows if counts[_key(row)] < k]
    for row in rare:
        _to_years(row)
    counts = Counter(_key(row) for row in rare)
    suppressed = [row for row in rare if counts[_key(row)] < k]
    for row in suppressed:
        _suppress(row)
    return len(rare) - len(suppressed), len(suppressed)


def evaluation_table(*, project: Project) -> EvaluationTable:
    """The project's cases as pseudonymised rows (see the module)."""
    k = small_cell_threshold()
    rows = [_row(project, case) for case in _cases(project).iterator(chunk_size=2000)]
    generalised, suppressed = k_anonymise(rows, k)
    rows.sort(key=lambda row: row["pseudonym"])
    return EvaluationTable(
        project=project,
        k=k,
        rows=[[row[key] for key in HEADER] for row in rows],
        generalised=generalised,
        suppressed=suppressed,
    )
