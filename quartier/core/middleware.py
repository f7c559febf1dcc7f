"""Request guards: deny by default, MFA for staff, idle and absolute session limits."""

from datetime import datetime, timedelta

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import ResolverMatch
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from quartier.core.network import client_ip, reset_current_client_ip, set_current_client_ip


def is_public(match: ResolverMatch | None) -> bool:
    """Whether a resolved URL is on the public allow-list (settings.PUBLIC_URL_NAMES)."""
    if match is None:
        return False
    allowed = settings.PUBLIC_URL_NAMES
    if match.view_name in allowed:
        return True
    return any(entry.endswith(":*") and entry[:-2] in match.namespaces for entry in allowed)


def _is_api(match: ResolverMatch | None) -> bool:
    return match is not None and "api-1" in match.namespaces


class StaffLanguageMiddleware:
    """The residents' languages are for the public pages only: a staff page asked for in
    Turkish (a browser's or the map's language choice) is shown in German instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public(request.resolver_match) and not _is_staff_only(request.resolver_match):
            return None
        if translation.get_language() not in settings.STAFF_LANGUAGES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None


def _is_staff_only(match: ResolverMatch | None) -> bool:
    """Public URLs that belong to the staff UI's look (login, password reset)."""
    return (
        match is not None
        and not ({"stadtteilplan", "hsds"} & set(match.namespaces))
        and (match.view_name != "offers:certificate_verify")
    )


class LoginRequiredMiddleware:
    """Every view needs a logged-in user unless its URL name is on the public allow-list.

    Unlike Django's own middleware this ignores `login_not_required` on third-party
    views: the allow-list in settings is the one place that makes a URL public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public(request.resolver_match):
            return None
        if request.user.is_authenticated:
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


#: URL names a logged-in user without a second factor may still open.
MFA_ENROLMENT_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "set_language",
    # The e-mail pages: an address must be verified before allauth adds a second factor.
    "account_email",
    "account_confirm_email",
    "account_email_verification_sent",
}


def mfa_is_required(user) -> bool:
    """Every staff account needs TOTP, except demo users outside production."""
    if not user.is_authenticated:
        return False
    return not (user.is_demo and settings.DEMO_USERS_SKIP_MFA)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaRequiredMiddleware:
    """Sends a logged-in staff member without TOTP to the enrolment page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.user.is_authenticated or is_public(match) or _is_api(match):
            return None
        if match is not None and match.view_name in MFA_ENROLMENT_URL_NAMES:
            return None
        if not mfa_is_required(request.user):
            return None
        if has_totp(request.user):
            return None
        messages.info(
            request,
            _(
                "Quartier holds social data, so every staff account needs a second factor. "
                "Set up an authenticator app now; it takes two minutes."
            ),
        )
        return redirect("mfa_activate_totp")


SEEN_INTERVAL = timedelta(minutes=1)


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without requests and after
    SESSION_ABSOLUTE_LIFETIME in any case."""

    STARTED = "quartier_session_started"
    SEEN = "quartier_session_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": expired}, status=401)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    def _expired(self, request) -> str | None:
        now = timezone.now()
        session = request.session
        started = _parse(session.get(self.STARTED))
        seen = _parse(session.get(self.SEEN))
        if started is None:
            session[self.STARTED] = now.isoformat()
            started = now
        if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
            return _("Your session has ended after its maximum lifetime. Please log in again.")
        # SEEN is written at most once a minute (below), so allow that minute: a user
        # is logged out between IDLE and IDLE + 1 minute after their last request,
        # never before.
        if seen is not None and now - seen > settings.SESSION_IDLE_TIMEOUT + SEEN_INTERVAL:
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            return _("You were logged out after %(minutes)s minutes without activity.") % {
                "minutes": minutes
            }
        # Write the time seen at most once a minute, not on every request.
        if seen is None or now - seen > SEEN_INTERVAL:
            session[self.SEEN] = now.isoformat()
        return None


def _parse(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


#: Public areas whose pages and data hold published offers only and may be cached.
CACHEABLE_NAMESPACES = {"stadtteilplan", "hsds"}
API_PATH_PREFIX = "/api/"


class NoStoreMiddleware:
    """No browser, proxy or shared computer keeps a copy of personal data.

    Every response to a logged-in staff member and every API answer gets
    `Cache-Control: no-store, private`, unless the view set its own Cache-Control (the
    documents' downloads, the HSDS API's public caching). The public offer map and its
    open-data API stay cacheable. Placed after WhiteNoise, so static files are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and self._personal(request):
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _personal(request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is not None and CACHEABLE_NAMESPACES & set(match.namespaces):
            return False
        if request.path_info.startswith(API_PATH_PREFIX):
            return True
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware with the client address from `client_ip`: its own
    reads the leftmost X-Forwarded-For entry, which any client can write."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)


class ClientAddressMiddleware:
    """Keeps the request's client address (`client_ip`) for the code the view calls, which
    has no request at hand: the access log records it with every entry. Reset after the
    response, so a command or task run later in the same thread records none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_client_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_current_client_ip(token)
