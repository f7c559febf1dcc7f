"""Writes of the network's partners and coach teams: a partner (picking an existing
organisation or creating one, with a duplicate check on the name), its contact persons
and the dated contacts with it; coach teams per district and their members. Every
write checks the actor's permission (`quartier.network.rules`); changes of versioned
records are refused when someone else saved in between (`save_versioned`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, ProjectMember, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import NETWORK_WORK_ROLES, may_act_for
from quartier.network.models import (
    CoachTeam,
    CoachTeamMember,
    Partner,
    PartnerContact,
    PartnerPerson,
)
from quartier.network.selectors.partners import organisations_named, project_staff
from quartier.participants.models import TargetGroup

#: What a form or the API may set on a partner (its organisation is fixed at creation).
PARTNER_FIELDS = ("level", "role", "districts", "target_groups", "offers", "notes", "is_active")
PARTNER_M2M = ("districts", "offers")
#: A partner organisation created inline.
ORGANISATION_FIELDS = ("name", "kind", "street", "postcode", "city", "phone", "email", "website")
PERSON_FIELDS = ("name", "function", "phone", "email", "notes")
CONTACT_FIELDS = ("date", "channel", "person", "staff", "note")
TEAM_FIELDS = ("district", "name", "description", "is_public")
MEMBER_FIELDS = ("user", "name", "function", "phone", "email", "is_public")


class DuplicateOrganisation(Exception):
    """Organisations of the same name exist; the create waits for `not_a_duplicate`
    (or for one of them to be picked). `duplicates`: those organisations."""

    def __init__(self, duplicates: list[Organisation]):
        super().__init__("There are organisations with the same name.")
        self.duplicates = duplicates


def _require(actor: User | None, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _split(allowed: tuple[str, ...], fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    plain = {name: value for name, value in fields.items() if name not in PARTNER_M2M}
    related = {name: list(value) for name, value in fields.items() if name in PARTNER_M2M}
    return plain, related


def _set(instance, allowed: tuple[str, ...], fields: dict) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _check_keeper(actor: User, project: Project, organisation: Organisation) -> None:
    if not may_act_for(actor, project, organisation, roles=NETWORK_WORK_ROLES):
        raise PermissionDenied(_("You can only keep the network for an organisation you work for."))
    if not ProjectMember.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not part of the project's consortium.")}
        )


def _check_partner_fields(project: Project, plain: dict, related: dict) -> None:
    valid_groups = set(TargetGroup.values)
    groups = plain.get("target_groups")
    if groups is not None:
        if not isinstance(groups, list) or set(groups) - valid_groups:
            raise ValidationError({"target_groups": _("Choose target groups from the list.")})
        plain["target_groups"] = [value for value in TargetGroup.values if value in groups]
    districts = related.get("districts") or []
    project_districts = set(project.districts.values_list("pk", flat=True))
    if any(district.pk not in project_districts for district in districts):
        raise ValidationError({"districts": _("Choose districts of the project.")})
    offers = related.get("offers") or []
    if any(offer.project_id != project.pk for offer in offers):
        raise ValidationError({"offers": _("Choose offers of the project's catalogue.")})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "partner"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _new_organisation(actor: User, details: dict, not_a_duplicate: bool) -> Organisation:
    unknown = set(details) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    name = " ".join((details.get("name") or "").split())
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if not not_a_duplicate:
        duplicates = organisations_named(name)
        if duplicates:
            raise DuplicateOrganisation(duplicates)
    organisation = Organisation(
        **{**details, "name": name}, slug=_unique_slug(name), created_by=actor
    )
    if not organisation.kind:
        organisation.kind = Organisation.Kind.OTHER
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def partner_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    partner_organisation: Organisation | None = None,
    new_organisation: dict | None = None,
    not_a_duplicate: bool = False,
    **fields,
) -> Partner:
    """Add an organisation to the project's network, kept by `organisation` (a
    consortium member the actor works for). Either an existing `partner_organisation`
    or the details of a `new_organisation`; a new one whose name an organisation
    already has raises `DuplicateOrganisation` unless `not_a_duplicate`."""
    _require(actor, "network.add_partner", project)
    _check_keeper(actor, project, organisation)
    if (partner_organisation is None) == (not new_organisation):
        raise ValidationError(
            {
                "partner_organisation": _(
                    "Choose an existing organisation or enter a new one, not both."
                )
                if partner_organisation is not None
                else _("Choose an existing organisation or enter a new one.")
            }
        )
    plain, related = _split(PARTNER_FIELDS, fields)
    _check_partner_fields(project, plain, related)
    if partner_organisation is not None and _is_partner(project, partner_organisation):
        raise ValidationError(
            {"partner_organisation": _("This organisation is already a partner of the project.")}
        )
    if partner_organisation is None:
        partner_organisation = _new_organisation(actor, new_organisation, not_a_duplicate)
    partner = Partner(
        project=project,
        organisation=organisation,
        partner_organisation=partner_organisation,
        created_by=actor,
        **plain,
    )
    partner.full_clean()
    partner.save()
    for name, values in related.items():
        getattr(partner, name).set(values)
    return partner


def _is_partner(project: Project, organisation: Organisation) -> bool:
    return Partner.objects.filter(project=project, partner_organisation=organisation).exists()


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, expected_version: int, **fields) -> Partner:
    """Change the partner's place in the network (level, role, districts, target
    groups, offers, notes, active); refused if someone saved it meanwhile."""
    _require(actor, "network.change_partner", partner)
    plain, related = _split(PARTNER_FIELDS, fields)
    _check_partner_fields(partner.project, plain, related)
    for name, value in plain.items():
        setattr(partner, name, value)
    save_versioned(partner, expected_version=expected_version)
    for name, values in related.items():
        getattr(partner, name).set(values)
    return partner


# Contact persons ----------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: User, partner: Partner, **fields) -> PartnerPerson:
    _require(actor, "network.change_partner", partner)
    person = PartnerPerson(partner=partner, created_by=actor)
    _set(person, PERSON_FIELDS, fields)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: PartnerPerson, expected_version: int, **fields
) -> PartnerPerson:
    _require(actor, "network.change_partner", person.partner)
    _set(person, PERSON_FIELDS, fields)
    save_versioned(person, expected_version=expected_version)
    return person


@transaction.atomic
def person_delete(*, actor: User, person: PartnerPerson) -> None:
    """Remove a contact person; the contacts with them stay, without the name."""
    _require(actor, "network.change_partner", person.partner)
    person.delete()


# The contact history --------------------------------------------------------------------


@transaction.atomic
def contact_create(
    *, actor: User, partner: Partner, today: date | None = None, **fields
) -> PartnerContact:
    """Record a dated contact with the partner (by default by the actor, if they work in
    the project)."""
    _require(actor, "network.change_partner", partner)
    today = today or timezone.localdate()
    staff = project_staff(partner.project_id)
    if "staff" not in fields:
        fields["staff"] = actor if staff.filter(pk=actor.pk).exists() else None
    contact = PartnerContact(partner=partner, created_by=actor)
    _set(contact, CONTACT_FIELDS, fields)
    if contact.date and contact.date > today:
        raise ValidationError({"date": _("The date cannot lie in the future.")})
    if contact.person is not None and contact.person.partner_id != partner.pk:
        raise ValidationError({"person": _("Choose a contact person of this partner.")})
    if contact.staff is not None and not staff.filter(pk=contact.staff.pk).exists():
        raise ValidationError({"staff": _("Choose a member of the project's staff.")})
    contact.full_clean()
    contact.save()
    return contact


# Coach teams ----------------------------------------------------------------------------


def _check_team(team: CoachTeam) -> None:
    if team.district_id and not team.project.districts.filter(pk=team.district_id).exists():
        raise ValidationError({"district": _("Choose a district of the project.")})
    name = " ".join((team.name or "").split())
    team.name = name
    taken = CoachTeam.objects.filter(
        project_id=team.project_id, district_id=team.district_id, name__iexact=name
    ).exclude(pk=team.pk)
    if name and team.district_id and taken.exists():
        raise ValidationError(
            {"name": _("The project already has a team of this name in this district.")}
        )


@transaction.atomic
def team_create(
    *, actor: User, project: Project, organisation: Organisation, **fields
) -> CoachTeam:
    """A coach team of `organisation` (a consortium member the actor works for) in one
    of the project's districts."""
    _require(actor, "network.change_coachteam", project)
    _check_keeper(actor, project, organisation)
    team = CoachTeam(project=project, organisation=organisation, created_by=actor)
    _set(team, TEAM_FIELDS, fields)
    _check_team(team)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_update(*, actor: User, team: CoachTeam, expected_version: int, **fields) -> CoachTeam:
    _require(actor, "network.change_coachteam", team)
    _set(team, TEAM_FIELDS, fields)
    _check_team(team)
    save_versioned(team, expected_version=expected_version)
    return team


def _check_member(member: CoachTeamMember) -> None:
    if member.user is not None:
        if not project_staff(member.team.project_id).filter(pk=member.user.pk).exists():
            raise ValidationError({"user": _("Choose a member of the project's staff.")})
        if not (member.name or "").strip():
            member.name = member.user.full_name or member.user.email
    if not (member.name or "").strip():
        raise ValidationError({"name": _("Choose a staff member or enter a name.")})


@transaction.atomic
def member_create(*, actor: User, team: CoachTeam, **fields) -> CoachTeamMember:
    """A contact person of the team: a staff member of the project, or only a name."""
    _require(actor, "network.change_coachteam", team)
    member = CoachTeamMember(team=team, created_by=actor)
    _set(member, MEMBER_FIELDS, fields)
    _check_member(member)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(
    *, actor: User, member: CoachTeamMember, expected_version: int, **fields
) -> CoachTeamMember:
    _require(actor, "network.change_coachteam", member.team)
    _set(member, MEMBER_FIELDS, fields)
    _check_member(member)
    save_versioned(member, expected_version=expected_version)
    return member


@transaction.atomic
def member_delete(*, actor: User, member: CoachTeamMember) -> None:
    _require(actor, "network.change_coachteam", member.team)
    member.delete()
