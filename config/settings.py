"""Quartier's one settings module, read from the environment.

Every variable is documented in `.env.example`. `DJANGO_ENV` chooses the defaults:
`development` (the default: SQLite under var/, DEBUG on, demo users without MFA),
`test` (set by the test suite) or `production` (DEBUG off, SECRET_KEY and
ALLOWED_HOSTS required, HTTPS-only cookies, HSTS).
"""

import importlib.util
import os
import sys
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from `.env` without overriding the real environment."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_load_dotenv(BASE_DIR / ".env")


def fail(message: str) -> None:
    """Stop start-up with one clear line instead of a traceback."""
    sys.exit(f"Quartier configuration error: {message}")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    fail(f"{name} must be true or false, not {value!r}.")
    return default


def env_int(name: str, default: int) -> int:
    value = env(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        fail(f"{name} must be a whole number, not {value!r}.")
    return default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DJANGO_ENV = env("DJANGO_ENV", "test" if "pytest" in sys.modules else "development")
if DJANGO_ENV not in {"development", "test", "production"}:
    fail(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}.")
IS_PRODUCTION = DJANGO_ENV == "production"

if IS_PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    if not SECRET_KEY:
        fail("SECRET_KEY is not set. Set it to a long random string (see .env.example).")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        fail("ALLOWED_HOSTS is not set. Set it to the host names Quartier is served under.")
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        fail("DEBUG must be off in production: it shows settings and data in error pages.")
else:
    SECRET_KEY = env("SECRET_KEY") or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env_bool("DEBUG", DJANGO_ENV == "development")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "auditlog",
    "django_tasks_db",
    "quartier.core",
    "quartier.participants",
    "quartier.cases",
    "quartier.offers",
    "quartier.economy",
    "quartier.matching",
    "quartier.network",
    "quartier.stadtteilplan",
    "quartier.reports",
    "quartier.privacy",
    "quartier.operations",
    "quartier.api",
    "quartier.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on every staff and API response (personal data).
    "quartier.core.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "quartier.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "quartier.core.middleware.SessionLifetimeMiddleware",
    "quartier.core.middleware.LoginRequiredMiddleware",
    "quartier.core.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "quartier.core.middleware.AuditlogMiddleware",
    # The client address for the access log (`core.network.current_client_ip`).
    "quartier.core.middleware.ClientAddressMiddleware",
    # Last, as axes asks, so that it sees the result of every view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "quartier" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quartier.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
SQLITE_PATH = BASE_DIR / "var" / "quartier.sqlite3"
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        fail(
            "DATABASE_URL must start with postgres:// or sqlite:// "
            f"(for example postgres://quartier@127.0.0.1:5432/quartier), not {DATABASE_URL!r}."
        )
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        fail(f"DATABASE_URL cannot be read ({error}).")
else:
    SQLITE_PATH.parent.mkdir(exist_ok=True)
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: erased values are overwritten with zeros, not left in free pages.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
elif env("QUARTIER_TEST_DB_SUFFIX"):
    # Each CI run gets its own test database on a shared server.
    _database["TEST"] = {"NAME": f"test_quartier_{env('QUARTIER_TEST_DB_SUFFIX')}"}
DATABASES = {"default": _database}

# Cache: per process by default. With several app servers, set REDIS_URL so that login
# rate limits and cached data are shared (sessions stay in the database either way).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        fail(f"REDIS_URL must start with redis:// or rediss://, not {REDIS_URL!r}.")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: e-mail login, no self sign-up, TOTP with recovery codes.
ACCOUNT_ADAPTER = "quartier.core.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Quartier"
USERSESSIONS_TRACK_ACTIVITY = True

# django-axes: lock out an e-mail address and IP after repeated failures, admin login too.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "quartier.core.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Reverse proxies in front of Quartier that append to X-Forwarded-For (0: none). The
# client's address for the lock-out, allauth's and the map's rate limits and the audit
# log comes from quartier.core.network.client_ip, which honours it.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "quartier.core.network.client_ip"

# Sessions: in the database, ended after an idle time and after an absolute lifetime.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_LIFETIME_HOURS", 10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: German first, English second.
LANGUAGE_CODE = "de"
# The staff UI speaks German and English; the public offer map (stadtteilplan) speaks
# all of these, the residents' languages, and German in plain language ("de-ls",
# Leichte Sprache, which falls back to German wherever it has no text of its own).
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("de-ls", _("German, plain language")),
]
STAFF_LANGUAGES = ["de", "en"]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "quartier" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "quartier" / "static"]
# Leaflet for the public map, from the django-leaflet package's files (the package is
# not an app here: it would pull in GeoDjango). Served as /static/leaflet/...
_leaflet = importlib.util.find_spec("leaflet")
if _leaflet and _leaflet.submodule_search_locations:
    STATICFILES_DIRS.append(
        ("leaflet", Path(_leaflet.submodule_search_locations[0]) / "static" / "leaflet")
    )
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Uploads to a case file: the largest document accepted, in megabytes. A reverse
# proxy in front (nginx client_max_body_size) must allow at least this much.
QUARTIER_DOCUMENT_MAX_MB = env_int("QUARTIER_DOCUMENT_MAX_MB", 20)
# The six-month follow-up after leaving (EECR05/EECR06) may be recorded from exit +
# 6 calendar months; a programme that allows an earlier window sets how many days
# before that date it opens. The indicators never count a follow-up recorded earlier.
QUARTIER_FOLLOWUP_6M_EARLY_DAYS = env_int("QUARTIER_FOLLOWUP_6M_EARLY_DAYS", 0)
if IS_PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# E-mail: SMTP in production (EMAIL_HOST, by default a local mail server on
# localhost:25); printed to the console in development unless EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Quartier <noreply@quartier.invalid>")
EMAIL_HOST_NAME = env("EMAIL_HOST", "localhost" if IS_PRODUCTION else "")
if EMAIL_HOST_NAME:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST_NAME,
                "port": env_int("EMAIL_PORT", 587 if env("EMAIL_HOST") else 25),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(env("EMAIL_HOST"))),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The address Quartier is reached under, for links in e-mail sent outside a request
# (the daily reminder). Default: https://<first ALLOWED_HOSTS entry> in production,
# http://127.0.0.1:8000 otherwise.
QUARTIER_BASE_URL = env("QUARTIER_BASE_URL")
if not QUARTIER_BASE_URL:
    if not IS_PRODUCTION:
        QUARTIER_BASE_URL = "http://127.0.0.1:8000"
    elif ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]:
        fail(
            "QUARTIER_BASE_URL is not set and the first ALLOWED_HOSTS entry is a wildcard. "
            "Set it to the address Quartier is reached under (https://quartier.example.org)."
        )
    else:
        QUARTIER_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"
if not QUARTIER_BASE_URL.startswith(("https://", "http://")):
    fail(f"QUARTIER_BASE_URL must start with https:// or http://, not {QUARTIER_BASE_URL!r}.")
QUARTIER_BASE_URL = QUARTIER_BASE_URL.rstrip("/")

# The name Quartier goes by in e-mail (invitations), and how many days an invitation's
# link to set the password stays valid.
QUARTIER_SITE_NAME = env("QUARTIER_SITE_NAME", "Quartier")
QUARTIER_INVITATION_DAYS = env_int("QUARTIER_INVITATION_DAYS", 7)
if QUARTIER_INVITATION_DAYS < 1:
    fail("QUARTIER_INVITATION_DAYS must be 1 or more.")

# Background tasks (django.tasks). "database": tasks are stored in the database and run
# by `manage.py db_worker` (django-tasks-db); "immediate": run at once inside the
# process that queues them, with no worker and no scheduled runs (the test default).
TASKS_BACKEND = env("TASKS_BACKEND", "immediate" if DJANGO_ENV == "test" else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    fail(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# The daily follow-up reminder: local time (TIME_ZONE) at which the worker sends it.
_reminder_time = env("QUARTIER_REMINDER_TIME", "06:30")
try:
    _hour, _minute = (int(part) for part in _reminder_time.split(":"))
    QUARTIER_REMINDER_TIME = time(_hour, _minute)
except ValueError:
    fail(f"QUARTIER_REMINDER_TIME must be a time like 06:30, not {_reminder_time!r}.")

# --- sched: the scheduler and the task worker on several nodes ---
# `manage.py run_scheduler` (every node; one leads) looks for due daily jobs every
# QUARTIER_SCHEDULER_INTERVAL seconds; a failed job run is tried again after these
# minutes, then given up. `manage.py run_worker` writes a heartbeat; a task whose
# worker has not been seen for QUARTIER_WORKER_STALE_SECONDS goes back to the queue.
QUARTIER_SCHEDULER_INTERVAL = env_int("QUARTIER_SCHEDULER_INTERVAL", 30)
QUARTIER_WORKER_STALE_SECONDS = env_int("QUARTIER_WORKER_STALE_SECONDS", 60)
try:
    QUARTIER_SCHEDULER_RETRY_MINUTES = [
        float(part) for part in env("QUARTIER_SCHEDULER_RETRY_MINUTES", "1,5,30,120").split(",")
    ]
except ValueError:
    fail("QUARTIER_SCHEDULER_RETRY_MINUTES must be minutes like 1,5,30,120.")
if QUARTIER_SCHEDULER_INTERVAL < 1 or QUARTIER_WORKER_STALE_SECONDS < 5:
    fail("QUARTIER_SCHEDULER_INTERVAL must be 1 or more, QUARTIER_WORKER_STALE_SECONDS 5 or more.")
# --- end sched ---

# Content Security Policy: nothing inline without a nonce, nothing from other hosts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Which URLs answer without login. Everything else needs a logged-in user with MFA
# (see quartier.core.middleware). Entries are URL names or "namespace:*".
PUBLIC_URL_NAMES = [
    "healthz",
    "set_language",
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    # The link of an invitation e-mail, which sets a new colleague's password.
    "core:invitation_accept",
    "admin:login",
    # The verification URL printed on certificates: what a certificate states, no name.
    "offers:certificate_verify",
    # The API answers every request itself: 401 without a valid token.
    "api-1:*",
    # The public offer map and its open-data API (HSDS 3.0): published offers only.
    "stadtteilplan:*",
    "hsds:*",
    # The public form on which employers report a vacancy or an internship place.
    "economy:vacancy_report",
    "economy:vacancy_report_thanks",
]

# Appointment requests from the offer map one address may send per hour, and form
# submissions (valid or not) per hour. Raise them where many residents share one
# address (the café's Wi-Fi).
QUARTIER_REQUESTS_PER_HOUR = env_int("QUARTIER_REQUESTS_PER_HOUR", 5)
QUARTIER_REQUEST_SUBMISSIONS_PER_HOUR = env_int("QUARTIER_REQUEST_SUBMISSIONS_PER_HOUR", 30)

# The Bundesagentur für Arbeit's job search (manage.py import_ba_jobs, the import
# button, the daily import): base URL and API key (the public client id), the seconds
# to wait for an answer, how often a 403/429 is tried in all and how long a
# Retry-After may ask to wait, and after how many runs without it a vacancy expires.
QUARTIER_BA_JOBS_URL = env(
    "QUARTIER_BA_JOBS_URL", "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
).rstrip("/")
if not QUARTIER_BA_JOBS_URL.startswith(("https://", "http://")):
    fail(f"QUARTIER_BA_JOBS_URL must start with https:// or http://, not {QUARTIER_BA_JOBS_URL!r}.")
QUARTIER_BA_API_KEY = env("QUARTIER_BA_API_KEY", "jobboerse-jobsuche")
QUARTIER_BA_TIMEOUT = env_int("QUARTIER_BA_TIMEOUT", 30)
QUARTIER_BA_ATTEMPTS = max(1, env_int("QUARTIER_BA_ATTEMPTS", 3))
QUARTIER_BA_MAX_WAIT = env_int("QUARTIER_BA_MAX_WAIT", 60)
QUARTIER_BA_RETRY_SECONDS = env_int("QUARTIER_BA_RETRY_SECONDS", 5)
QUARTIER_BA_EXPIRE_AFTER_RUNS = max(1, env_int("QUARTIER_BA_EXPIRE_AFTER_RUNS", 3))

# The public offer map's background tiles, e.g. a self-hosted tile server
# ("https://tiles.example.org/{z}/{x}/{y}.png"). Empty: the map shows the places
# without a background, and everything is in the list anyway.
MAP_TILE_URL = env("QUARTIER_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("QUARTIER_MAP_TILE_ATTRIBUTION", "")
if MAP_TILE_URL:
    if not MAP_TILE_URL.startswith(("https://", "http://", "/")):
        fail(f"QUARTIER_MAP_TILE_URL must be an http(s) URL or a path, not {MAP_TILE_URL!r}.")
    if MAP_TILE_URL.startswith("http"):
        # The tiles' server may serve images to the residents' browsers, nothing else.
        SECURE_CSP["img-src"].append("/".join(MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*."))

# Data protection (quartier.privacy):
# - a participant younger than this on the entry date needs a legal guardian's consent;
GUARDIAN_CONSENT_AGE = env_int("QUARTIER_GUARDIAN_CONSENT_AGE", 16)
# - the access log's entries are deleted after this many months (a project's retention
#   rule for the access log, where it has one, decides for its entries);
ACCESS_LOG_RETENTION_MONTHS = env_int("QUARTIER_ACCESS_LOG_RETENTION_MONTHS", 24)
# - the erasure log is also appended here, outside the database, so that
#   `manage.py replay_erasures` can re-apply erasures after a backup is restored.
ERASURE_LOG_FILE = Path(env("QUARTIER_ERASURE_LOG_FILE") or BASE_DIR / "var" / "erasure-log.jsonl")

# --- backup: the key of encrypted backups (manage.py backup --encrypt, restore) ---
# 32 random bytes in URL-safe base64 (manage.py backup --generate-key); empty: none.
QUARTIER_BACKUP_KEY = env("QUARTIER_BACKUP_KEY")
# --- end backup ---

# django-auditlog: who created, changed or deleted what.
AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # attack: a refused request's path may carry a name: logged redacted (issue 15).
    "filters": {"redact_paths": {"()": "quartier.core.log_filters.RedactRequestPath"}},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "django.request": {"filters": ["redact_paths"]},
        "django.security.csrf": {"filters": ["redact_paths"]},
        "django.security.DisallowedHost": {"filters": ["redact_paths"]},
    },
}

if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# API lists: at most this many rows per page, whatever `limit` a client asks for.
NINJA_PAGINATION_MAX_LIMIT = 500

# Demo users may skip MFA, but never in production.
DEMO_USERS_SKIP_MFA = not IS_PRODUCTION

# --- prodlocal: several app servers (issue 16): pool, shared cache and sessions, storage ---
# Database connections: in production a psycopg pool per app-server process (Django's
# OPTIONS["pool"]), sized by DATABASE_POOL_MIN_SIZE/MAX_SIZE; each connection is
# checked when taken out of the pool, so that after a database restart a request gets
# a fresh connection instead of a dead one. Sizing: docs/deployment.md.
DATABASE_POOL = env_bool("DATABASE_POOL", IS_PRODUCTION)
if DATABASE_POOL and _database["ENGINE"] == "django.db.backends.postgresql":
    from psycopg_pool import ConnectionPool

    _database["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not.
    _database["CONN_HEALTH_CHECKS"] = False
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
        # Seconds a request waits for a free connection (or for the database to come
        # back) before it fails with a 503.
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
        "reconnect_timeout": 10,
        "check": ConnectionPool.check_connection,
    }
    if _database["OPTIONS"]["pool"]["max_size"] < _database["OPTIONS"]["pool"]["min_size"]:
        fail("DATABASE_POOL_MAX_SIZE must not be smaller than DATABASE_POOL_MIN_SIZE.")

# The shared cache: Redis with REDIS_URL (set above); QUARTIER_CACHE=database puts it in
# the table `quartier_cache` (`manage.py createcachetable`) for several app servers
# without Redis; "memory" (the default without REDIS_URL) is one cache per process.
QUARTIER_CACHE = env("QUARTIER_CACHE", "redis" if REDIS_URL else "memory")
if QUARTIER_CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "quartier_cache",
        }
    }
elif QUARTIER_CACHE == "redis" and not REDIS_URL:
    fail("QUARTIER_CACHE=redis needs REDIS_URL.")
elif QUARTIER_CACHE not in {"redis", "memory"}:
    fail(f"QUARTIER_CACHE must be memory, database or redis, not {QUARTIER_CACHE!r}.")

# Sessions: in the database; with Redis, read through the cache (written to both).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Uploaded files (case documents, participant lists): MEDIA_ROOT on a directory every
# app server and worker shares, or an S3-compatible bucket (django-storages) when
# AWS_STORAGE_BUCKET_NAME is set. Files there are private: every URL is signed and
# Quartier hands files out only to people who may see them.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {
        "staticfiles": {
            "BACKEND": (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                if IS_PRODUCTION
                else "django.contrib.staticfiles.storage.StaticFilesStorage"
            )
        },
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                # e.g. https://s3.eu-central-1.amazonaws.com or a MinIO/Ceph address;
                # credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (boto3).
                "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
                "region_name": env("AWS_S3_REGION_NAME") or None,
                "location": env("AWS_LOCATION", "media"),
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }

# Plain HTTP on loopback (make prod-local): production settings without TLS need
# cookies without the Secure flag, and the demo logins without TOTP. Both switches are
# refused unless every ALLOWED_HOSTS entry is a loopback name, so that a real
# installation cannot turn them on by mistake.
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
_only_loopback = bool(ALLOWED_HOSTS) and set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS
if IS_PRODUCTION and not env_bool("SECURE_COOKIES", True):
    if not _only_loopback:
        fail("SECURE_COOKIES=false is only allowed with ALLOWED_HOSTS on loopback.")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
if IS_PRODUCTION and env_bool("QUARTIER_DEMO_SKIP_MFA", False):
    if not _only_loopback:
        fail("QUARTIER_DEMO_SKIP_MFA is only allowed with ALLOWED_HOSTS on loopback.")
    DEMO_USERS_SKIP_MFA = True
# --- end prodlocal ---
# --- public: the cache of the public offer map and the HSDS API (issue 16) ---
# Rendered public pages and HSDS answers, per language, keyed by the content version in
# the database (quartier.stadtteilplan.views.public_cache): correct with several app
# servers, each with its own copies; shared through Redis where REDIS_URL is set.
PUBLIC_CACHE_ENABLED = env_bool("QUARTIER_PUBLIC_CACHE", True)
# How long an app-server process trusts the content version it read (seconds): a warm
# hit then costs no query; another server's change shows after at most this long.
# 0 (the tests' default) reads the version on every request.
PUBLIC_CACHE_VERSION_SECONDS = env_int(
    "QUARTIER_PUBLIC_CACHE_VERSION_SECONDS", 0 if DJANGO_ENV == "test" else 1
)
CACHES = globals().get("CACHES") or {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CACHES["public"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
) | {"KEY_PREFIX": "public"}
PUBLIC_URL_NAMES.append("favicon")  # /favicon.ico: a redirect to the SVG icon
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
    "quartier.stadtteilplan.views.public_cache.PublicCacheMiddleware",
)
# --- end public ---
