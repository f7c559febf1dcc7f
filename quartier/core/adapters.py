"""allauth adapter: no self sign-up; accounts are created by project leads and admins."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A staff member enrolling their first authenticator right after the forced
        redirect is not asked for the password a second time; changing or removing
        an existing second factor still needs it."""
        user = getattr(self.request, "user", None)
        if app.endswith("mfa") and user is not None and user.is_authenticated:
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user).exists():
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
