"""allauth adapter: no self sign-up; accounts are created by project leads and admins."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login within the reauthentication window counts as recent authentication.

        Without this, a staff member sent to enrol their authenticator right after
        logging in would be asked for the password again at each step of the
        enrolment (activate, then recovery codes). Later changes to the second
        factor still ask for it.
        """
        request = self.request
        user = getattr(request, "user", None)
        if request is not None and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if (
                records
                and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
