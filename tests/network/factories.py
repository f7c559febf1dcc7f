"""Factories of the network: partners, coach teams, referrals, meetings. Areas that
need a variant write it as a SubFactory or with keyword arguments, not a second
definition."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from quartier.network.models import (
    CoachTeam,
    CoachTeamMember,
    Meeting,
    MeetingOutcome,
    Partner,
    PartnerContact,
    PartnerPerson,
    Referral,
)
from tests.factories import ConsentFactory, OrganisationFactory, ProjectFactory


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda p: p.project.lead_organisation)
    partner_organisation = factory.SubFactory(OrganisationFactory)
    level = "activation"


class PartnerPersonFactory(DjangoModelFactory):
    class Meta:
        model = PartnerPerson

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


class PartnerContactFactory(DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    date = date(2026, 3, 2)


class CoachTeamFactory(DjangoModelFactory):
    class Meta:
        model = CoachTeam

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda t: t.project.lead_organisation)
    district = factory.LazyAttribute(lambda t: t.project.districts.first())
    name = factory.Sequence(lambda n: f"Team {n}")


class CoachTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = CoachTeamMember

    team = factory.SubFactory(CoachTeamFactory)
    name = factory.Sequence(lambda n: f"Coach {n}")


def sharing_consent(case, partner_organisation, *purposes, **fields):
    """A consent of the case's participant to share with `partner_organisation` for
    `purposes` (default: language course)."""
    return ConsentFactory(
        participant=case.participant,
        purpose="partner_sharing",
        partner=partner_organisation,
        referral_purposes=list(purposes or ["language_course"]),
        **fields,
    )


def feedback_consent(case, partner_organisation, **fields):
    return ConsentFactory(
        participant=case.participant,
        purpose="partner_feedback",
        partner=partner_organisation,
        **fields,
    )


class ReferralFactory(DjangoModelFactory):
    """A draft referral of `case` to `recipient`; send it with the service to get the
    packet and the events."""

    class Meta:
        model = Referral

    case = factory.SubFactory("tests.factories.CaseFactory")
    project = factory.LazyAttribute(lambda r: r.case.project)
    sender_organisation = factory.LazyAttribute(lambda r: r.case.organisation)
    recipient = factory.SubFactory(OrganisationFactory)
    purpose = "language_course"
    reason = "Needs a B1 course with childcare."
    shared_fields = factory.LazyFunction(lambda: ["name", "contact", "reason"])


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda m: m.project.lead_organisation)
    kind = "board"
    title = factory.Sequence(lambda n: f"Beirat {n}")
    date = date(2026, 5, 12)


class MeetingOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = MeetingOutcome

    meeting = factory.SubFactory(MeetingFactory)
    kind = "information"
    text = "The district conference moves to June."
