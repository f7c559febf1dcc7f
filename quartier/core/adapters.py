"""allauth adapter: no self sign-up; accounts are created by project leads and admins."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        """allauth's mail (a new password) under the site's configured name, not the
        host name of the request ("[127.0.0.1] ...")."""
        return f"{settings.QUARTIER_SITE_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "quartier_site_name": settings.QUARTIER_SITE_NAME}
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request) -> str:
        """allauth's rate limits count the same client address as the lock-out."""
        from quartier.core.network import client_ip

        return client_ip(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """No second password prompt during the first enrolment of the second factor.

        A staff member is sent to set up TOTP right after logging in, and then shown
        the recovery codes. Asking for the password again at each of those steps
        protects nothing. The exception holds only while the user has no TOTP yet,
        and for the reauthentication window after it was created; changing or
        removing an existing second factor later still asks for the password.
        """
        user = getattr(self.request, "user", None)
        if app.endswith("mfa") and user is not None and user.is_authenticated:
            from allauth.mfa.models import Authenticator

            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if totp is None:
                return False
            age = time.time() - totp.created_at.timestamp()
            if age < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
