"""Writes of core data: memberships, project details, API tokens.

Each service is `<noun>_<verb>(*, actor, ...)`, runs in one transaction, re-checks
the permission it needs and validates with `full_clean()` before saving.
"""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.models import ApiToken, BaseModel, Membership, Organisation, Project, Role, User
from quartier.core.tenancy import memberships_with_role


class ConcurrentEditError(ValidationError):
    """Someone else saved the record since the form was opened."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Your changes were not saved: reload the page, check the new values "
                "and enter your changes again."
            ),
            code="concurrent_edit",
        )


def save_versioned(instance: BaseModel, *, expected_version: int) -> None:
    """Save `instance` only if nobody saved it since `expected_version` was read.

    The row is locked for the check, so two concurrent saves cannot both pass;
    `BaseModel.save` raises the version. Callers set the fields they change on an
    instance read in the same request, so no newer value of another field is lost:
    any save in between would have raised the version and is refused here.
    """
    model = type(instance)
    with transaction.atomic():
        current = (
            model.objects.select_for_update()
            .filter(pk=instance.pk)
            .values_list("version", flat=True)
        )
        if not current or current[0] != expected_version:
            raise ConcurrentEditError()
        instance.full_clean()
        instance.version = expected_version
        instance.save()


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    expected_version: int,
    name: str,
    description: str,
    start_date,
    end_date,
) -> Project:
    _require(actor, "core.change_project_details", project)
    project.name = name
    project.description = description
    project.start_date = start_date
    project.end_date = end_date
    save_versioned(project, expected_version=expected_version)
    return project


#: What an organisation admin maintains in the app (kind and short name stay with platform admins).
ORGANISATION_DETAIL_FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "contact_person",
)


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, expected_version: int, **details: str
) -> Organisation:
    """An organisation admin keeps their organisation's address and contacts current."""
    _require(actor, "core.change_organisation_details", organisation)
    unknown = set(details) - set(ORGANISATION_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for field, value in details.items():
        setattr(organisation, field, value)
    save_versioned(organisation, expected_version=expected_version)
    return organisation


@transaction.atomic
def membership_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
) -> tuple[Membership, bool]:
    """Give a person a role in the project; creates their account if it does not exist.

    Returns the membership and whether the person needs a password link: a new
    account, or an existing one whose password was never set.
    """
    _require(actor, "core.manage_members", project)
    if not project.consortium.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not part of the project's consortium.")}
        )
    _require_team_of(actor, project, organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is not None and user == actor and not actor.is_platform_admin:
        raise PermissionDenied(_NO_SELF_GRANT)
    if created:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership(
        user=user, organisation=organisation, project=project, role=role, created_by=actor
    )
    if memberships_with_role(project, role, organisation=organisation).filter(user=user).exists():
        raise ValidationError(_("This person already has this role in this organisation."))
    membership.full_clean()
    membership.save()
    return membership, created or not user.has_usable_password()


_NO_SELF_GRANT = gettext_lazy(
    "You cannot give or change your own roles. Ask another project lead or your organisation admin."
)


def _require_team_of(actor: User, project: Project, organisation: Organisation) -> None:
    from quartier.core.selectors import organisations_managed_by

    if not organisations_managed_by(actor, project).filter(pk=organisation.pk).exists():
        raise PermissionDenied(
            _(
                "You can manage the roles of your own organisation only. Roles in a partner "
                "organisation are granted by that organisation's project lead or admin."
            )
        )


def _lock_team(membership: Membership) -> None:
    """Serialise team changes of one project, so that two leads removing each other at
    the same moment cannot leave the project without a lead."""
    Project.objects.select_for_update().filter(pk=membership.project_id).first()


def _check_team_change(actor: User, membership: Membership) -> None:
    _require(actor, "core.manage_members", membership.project)
    _require_team_of(actor, membership.project, membership.organisation)
    if membership.user_id == actor.pk and not actor.is_platform_admin:
        raise PermissionDenied(_NO_SELF_GRANT)


def _ensure_a_lead_remains(membership: Membership, *, new_role: str | None) -> None:
    # The stored role counts, not the instance's: a bound ModelForm has already
    # written the new role onto the instance it validated.
    stored_role = Membership.objects.values_list("role", flat=True).get(pk=membership.pk)
    if stored_role != Role.PROJECT_LEAD or new_role == Role.PROJECT_LEAD:
        return
    others = memberships_with_role(membership.project, Role.PROJECT_LEAD).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _("A project needs at least one project lead. Name another lead first.")
        )


@transaction.atomic
def membership_update(
    *, actor: User, membership: Membership, role: str, expected_version: int
) -> Membership:
    _check_team_change(actor, membership)
    _lock_team(membership)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    _ensure_a_lead_remains(membership, new_role=role)
    if (
        memberships_with_role(membership.project, role, organisation=membership.organisation)
        .filter(user=membership.user)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("This person already has this role in this organisation."))
    membership.role = role
    save_versioned(membership, expected_version=expected_version)
    return membership


@transaction.atomic
def membership_delete(*, actor: User, membership: Membership) -> None:
    _check_team_change(actor, membership)
    _lock_team(membership)
    _ensure_a_lead_remains(membership, new_role=None)
    membership.delete()


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    user: User,
    name: str,
    expires_at: datetime | None = None,
    valid_until: date | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the plain key, which is never stored.

    `valid_until` is a day: the token works until the end of that day (local time).
    """
    if actor != user and not actor.is_platform_admin:
        raise PermissionDenied(_("You can only create tokens for yourself."))
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    if valid_until is not None:
        if valid_until < timezone.localdate():
            raise ValidationError(_("The date lies in the past. Choose today or a later day."))
        expires_at = timezone.make_aware(datetime.combine(valid_until, time.max))
    key = ApiToken.new_key()
    token = ApiToken(
        user=user,
        name=name.strip(),
        key_prefix=key[:10],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
        created_by=actor,
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user != actor and not actor.is_platform_admin:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(key: str) -> User | None:
    """The active user behind a token key, or None. Records when the token was last used."""
    if not key or not key.startswith(ApiToken.PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
