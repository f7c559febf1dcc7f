"""The invitation of a new colleague: an e-mail in the app's voice with a link, valid
for settings.QUARTIER_INVITATION_DAYS and usable once, that sets her password and
verifies her e-mail address (she proved she holds it), so that allauth lets her set
up her second factor after the first login."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.core.models import Membership, User


class InvitationTokens(PasswordResetTokenGenerator):
    """Like Django's password-reset tokens (bound to the password hash, so spent once a
    password is set), with their own salt and the invitation's validity."""

    key_salt = "quartier.core.invitations.InvitationTokens"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.email}{user.is_active}{timestamp}"

    def check_token(self, user, token) -> bool:
        if user is None or not token or token.count("-") != 1:
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not constant_time_compare(
            self._make_token_with_timestamp(user, issued, self.secret), token
        ):
            return False
        age = self._num_seconds(self._now()) - issued
        return 0 <= age <= valid_for().total_seconds()


tokens = InvitationTokens()


def valid_for() -> timedelta:
    return timedelta(days=settings.QUARTIER_INVITATION_DAYS)


def uid_for(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_for(uid: str, token: str) -> User | None:
    """The invited user the link is for, if the link is valid; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    return user if tokens.check_token(user, token) else None


def _absolute(path: str) -> str:
    return f"{settings.QUARTIER_BASE_URL}{path}"


def invitation_message(*, membership: Membership, inviter: User) -> tuple[str, str]:
    """Subject and text of the invitation, in German (the staff UI's language)."""
    user = membership.user
    link = _absolute(
        reverse("core:invitation_accept", args=[uid_for(user), tokens.make_token(user)])
    )
    until = timezone.localtime(timezone.now() + valid_for())
    site = settings.QUARTIER_SITE_NAME
    with translation.override(settings.LANGUAGE_CODE):
        names = {
            "site": site,
            "project": membership.project.name,
            "organisation": membership.organisation.name,
            "role": membership.get_role_display(),
            "inviter": str(inviter),
            "inviter_email": inviter.email,
            "email": user.email,
            "login_url": _absolute(reverse("account_login")),
        }
        subject = _("%(site)s: Invitation to the project %(project)s") % names
        days = settings.QUARTIER_INVITATION_DAYS
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.full_name} if user.full_name else _("Hello,"),
            _(
                "%(inviter)s has invited you to work in %(site)s on the project "
                "“%(project)s”, for %(organisation)s in the role %(role)s."
            )
            % names,
            _("Set your password with this link:") + "\n" + link,
            ngettext(
                "The link is valid for %(days)s day, until %(until)s, and can be used once.",
                "The link is valid for %(days)s days, until %(until)s, and can be used once.",
                days,
            )
            % {"days": days, "until": _until(until)},
            _(
                "Then log in at %(login_url)s with your e-mail address %(email)s and your "
                "new password. As %(site)s holds social data, it then asks you to set up an "
                "authenticator app on your phone as a second factor; this takes two minutes."
            )
            % names,
            _(
                "If the link has expired, request a new one with “Forgot your password?” on "
                "the login page, or ask %(inviter)s (%(inviter_email)s). If you did not "
                "expect this invitation, please let %(inviter)s know."
            )
            % names,
            _("Kind regards") + "\n" + site,
        ]
    return subject, "\n\n".join(paragraphs) + "\n"


def _until(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y, %H:%M")


def send_invitation(*, membership: Membership, inviter: User) -> None:
    """E-mail the invitation to the membership's user."""
    subject, text = invitation_message(membership=membership, inviter=inviter)
    send_mail(subject, text, None, [membership.user.email])


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """Set the invited user's password (which spends the link) and mark her address as
    verified and primary: she opened the link sent to it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    addresses = EmailAddress.objects.filter(user=user)
    own = addresses.filter(email__iexact=user.email).order_by("pk").first()
    (addresses.exclude(pk=own.pk) if own else addresses).update(primary=False)
    if own is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    else:
        own.verified = True
        own.primary = True
        own.save(update_fields=["verified", "primary"])
    return user
