"""A participant with a distinctive name, e-mail, phone and street, with traces in every
part of Quartier, seeded through the real services and pages; used by
tests/privacy/test_erasure_traces.py in this process and in a subprocess against a
file database (`python -m tests.privacy.erasure_scenario seed|erase|replay|report`)."""

import json
import os
import sys
from datetime import date, timedelta

FIRST_NAME = "Zoryanaqx"
LAST_NAME = "Brankowitzky"
EMAIL = "zoryana.brankowitzky@example.org"
PHONE = "0301-98765432"
STREET = "Quittenweg 77b"
#: What must not be found anywhere after the erasure.
NEEDLES = (FIRST_NAME, LAST_NAME, EMAIL, "98765432", "Quittenweg")
SLUG = "spurensuche"


def seed() -> dict:
    """Create the world and the person; return ids."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from quartier.cases.services.contacts import contact_create
    from quartier.cases.services.documents import document_create
    from quartier.core.models import Role
    from quartier.network.services.referrals import referral_send
    from quartier.participants.models import Channel
    from quartier.participants.services.intake import participant_intake
    from quartier.privacy.models import RetentionRule
    from quartier.privacy.services.access_log import access_log_record
    from tests.conftest import give_totp
    from tests.factories import (
        FirstContactFactory,
        MembershipFactory,
        OrganisationFactory,
        ProjectFactory,
    )
    from tests.network.factories import ReferralFactory, sharing_consent
    from tests.offers.factories import EnrolmentFactory, OfferFactory

    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    project = ProjectFactory(lead=org_a, slug=SLUG, end_date=date(2027, 12, 31))
    from quartier.core.models import ProjectMember

    ProjectMember.objects.create(project=project, organisation=org_b)
    lead = MembershipFactory(project=project, organisation=org_a, role=Role.PROJECT_LEAD).user
    dpo = MembershipFactory(
        project=project, organisation=org_a, role=Role.DATA_PROTECTION_OFFICER
    ).user
    for user in (lead, dpo):
        give_totp(user)
    RetentionRule.objects.create(
        project=project,
        scope="indicator_data",
        legal_basis="The funder's retention of the indicator data.",
        citation="Art. 82 VO (EU) 2021/1060",
        start_event="funded_period_end",
        duration_months=60,
    )
    first_contact = FirstContactFactory(
        project=project,
        organisation=org_a,
        channel=Channel.REQUEST,
        status="request",
        name=f"{FIRST_NAME} {LAST_NAME}",
        reach=f"{EMAIL}, {PHONE}",
        notes=f"Ruft an von {STREET}",
    )
    participant, case = _intake(participant_intake, project, org_a, lead, first_contact)
    contact_create(
        actor=lead,
        case=case,
        date=case.entry_date,
        duration_minutes=45,
        channel="walk_in",
        topics=["debts"],
        notes=f"{FIRST_NAME} kommt aus dem {STREET}, erreichbar unter {PHONE}.",
    )
    consent = sharing_consent(case, org_b)
    referral = ReferralFactory(
        case=case,
        recipient=org_b,
        consent=consent,
        reason=f"{FIRST_NAME} {LAST_NAME} braucht einen Kurs.",
    )
    referral_send(actor=lead, referral=referral)
    document_create(
        actor=lead,
        case=case,
        upload=SimpleUploadedFile(
            f"Lebenslauf {LAST_NAME}.pdf",
            b"%PDF-1.4\n% " + LAST_NAME.encode() + b"\n%%EOF\n",
            content_type="application/pdf",
        ),
        kind="cv",
        title=f"Lebenslauf {FIRST_NAME} {LAST_NAME}",
    )
    offer = OfferFactory(project=project, organisation=org_a)
    enrolment = EnrolmentFactory(offer=offer, case=case)
    from quartier.offers.models import Certificate

    certificate = Certificate.objects.create(
        enrolment=enrolment,
        number="Z-SPUR-1",
        verification_token="spurensuche-verification-token",
        issued_on=case.entry_date,
        period_start=enrolment.start_date,
        period_end=enrolment.start_date + timedelta(days=30),
        hours="40.00",
        participant_name=f"{FIRST_NAME} {LAST_NAME}",
        participant_birth_date=participant.birth_date,
        offer_title=offer.title,
        offer_kind=offer.kind,
        organisation_name=org_a.name,
        project_name=project.name,
    )
    access_log_record(
        actor=lead, action="list", record=type(participant), detail=f"search {LAST_NAME}"
    )
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/faelle/{case.pk}/").status_code == 200
    return {
        "participant": participant.pk,
        "case": case.pk,
        "lead": lead.email,
        "dpo": dpo.email,
        "referral": referral.pk,
        "certificate": certificate.verification_token,
    }


def _intake(participant_intake, project, organisation, lead, first_contact):
    participant = participant_intake(
        actor=lead,
        project=project,
        organisation=organisation,
        participant_data={
            "external_id": "SPUR-0001",
            "first_name": FIRST_NAME,
            "last_name": LAST_NAME,
            "birth_date": date(1990, 4, 3),
            "gender": "female",
            "postcode": "12345",
            "street": STREET,
            "city": "Berlin",
            "phone": PHONE,
            "email": EMAIL,
            "labour_status": "unemployed",
            "unemployed_since": date(2024, 1, 1),
            "isced": 3,
            "foreign_background": "yes",
        },
        entry_date=date(2025, 3, 1),
        responsible=lead,
        first_contact=first_contact,
        not_a_duplicate=True,
    )
    participant = getattr(participant, "participant", participant)
    from tests.factories import ConsentFactory

    ConsentFactory(participant=participant, purpose="special_categories")
    participant.health_notes = f"{FIRST_NAME} hat Rückenschmerzen."
    participant.save()
    return participant, participant.case


def report() -> dict:
    """The indicator report and the participant list of the scenario's project."""
    import csv
    import io
    import tempfile
    from pathlib import Path

    from django.core.management import call_command

    out = io.StringIO()
    call_command("indicators", "--project", SLUG, "--format", "json", stdout=out)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        call_command("export_participants", "--project", SLUG, "--output", str(path))
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return {"indicators": json.loads(out.getvalue()), "rows": rows}


def erase(participant_id: int, actor_email: str) -> None:
    from django.core.management import call_command

    call_command(
        "erase_participant",
        "--participant",
        str(participant_id),
        "--actor",
        actor_email,
        "--reason",
        "request by letter",
    )


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    command = argv[0]
    if command == "seed":
        # The test hands over a copy of the suite's migrated database; migrating from
        # scratch (several minutes on two busy cores) only when started on its own.
        if not os.environ.get("QUARTIER_SCENARIO_MIGRATED"):
            call_command("migrate", verbosity=0)
        print(json.dumps(seed()))
    elif command == "erase":
        erase(int(argv[1]), argv[2])
    elif command == "replay":
        call_command("replay_erasures")
    elif command == "report":
        print(json.dumps(report(), sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
