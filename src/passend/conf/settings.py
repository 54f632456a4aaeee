"""Passend settings.

Every setting that differs between machines comes from an environment variable; the full
list, with defaults, is in docs/configuration.md. There is one settings module: production
is "DEBUG off", not a different file, so what CI tests is what runs.
"""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key

SRC_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(environ.Env().str("PASSEND_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """In development a key is generated once into var/; production must set SECRET_KEY."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    if not DEBUG:
        raise environ.ImproperlyConfigured("SECRET_KEY is verplicht wanneer DEBUG uit staat.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'passend.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Passend <noreply@passend.localhost>")

PASSEND_REQUIRE_2FA = env.bool("PASSEND_REQUIRE_2FA", default=True)
PASSEND_SHOW_DEMO_LOGINS = DEBUG and env.bool("PASSEND_SHOW_DEMO_LOGINS", default=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "passend.core",
    "passend.accounts",
    "passend.organisaties",
    "passend.leerlingen",
    "passend.dossier",
    "passend.trajecten",
    "passend.arrangementen",
    "passend.instrumenten",
    "passend.matching",
    "passend.financien",
    "passend.rapportage",
    "passend.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "passend.core.middleware.AuditContextMiddleware",
    "passend.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After CSRF, sessions, 2FA and messages: a repeated form token never reaches the view.
    "passend.core.eenmalig.EenmaligMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "passend.conf.urls"
WSGI_APPLICATION = "passend.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passend.core.context_processors.navigation",
                "passend.core.context_processors.mijn_taken",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions end after a period of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env.int("PASSEND_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = env.int("PASSEND_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = env.int("PASSEND_LOCKOUT_MINUTES", default=30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PASSEND_PROXY_COUNT", default=0)

OTP_TOTP_ISSUER = env.str("PASSEND_OTP_ISSUER", default="Passend")

LANGUAGE_CODE = "nl"
# The interface is Dutch only: offering another language would give a browser set to English
# English dates and amounts amid Dutch text.
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("PASSEND_STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("PASSEND_MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Security headers and cookies: secure unless DEBUG; each can be relaxed only by env var.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("PASSEND_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("PASSEND_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("PASSEND_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("PASSEND_HSTS_PRELOAD", default=not DEBUG)
if env.bool("PASSEND_BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Bearer first, so an unauthenticated call answers 401 with a WWW-Authenticate header.
        "passend.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        # Not a permission: the first hook after DRF's authentication (passend.core.eenmalig).
        "passend.core.eenmalig.IdempotencyKey",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "passend.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "passend.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Passend API",
    "DESCRIPTION": "REST API van Passend: ondersteuningstoewijzing voor samenwerkingsverbanden "
    "passend onderwijs. Elke aanroep loopt via dezelfde services en policies als de webinterface.\n\n"
    "**Idempotency-Key.** Stuur bij POST, PUT en PATCH een eigen, unieke waarde mee in de header "
    "`Idempotency-Key` (bijvoorbeeld een UUID) om een verzoek veilig te kunnen herhalen, bijvoorbeeld na "
    "een time-out. Een tweede verzoek van dezelfde gebruiker met dezelfde sleutel wordt niet uitgevoerd en "
    'krijgt `409` met `{"detail": "Dit verzoek is al verwerkt (dezelfde Idempotency-Key)."}`. '
    "Mislukt het eerste verzoek (status 400 of hoger), dan is de sleutel weer vrij. Een sleutel geldt "
    "een dag; de header is optioneel.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several Dutch models have a field `soort`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "SchoolSoortEnum": "passend.organisaties.models.School.Soort",
        "VoorzieningSoortEnum": "passend.organisaties.models.Voorziening.Soort",
        "OndertekeningSoortEnum": "passend.dossier.models.Ondertekening.Soort",
        "DocumentSoortEnum": "passend.dossier.models.Document.Soort",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("PASSEND_LOG_LEVEL", default="WARNING")},
}
CSRF_FAILURE_VIEW = "passend.core.views.csrf_failure"

# Uploaded dossier documents live under MEDIA_ROOT, which is never served directly: every
# download goes through a permission check (passend.dossier.views).
PASSEND_MAX_UPLOAD_MB = env.int("PASSEND_MAX_UPLOAD_MB", default=10)

# The address people use to reach Passend; links in e-mails are built from it.
PASSEND_BASE_URL = env.str("PASSEND_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "https://passend.invalid")
# How long an invitation link (new staff, parents) stays valid.
PASSEND_INVITATION_DAYS = env.int("PASSEND_INVITATION_DAYS", default=7)
# The longest an arrangement runs before it must be extended (days); a diagnostic one is shorter.
PASSEND_ARRANGEMENT_MAX_DAGEN = env.int("PASSEND_ARRANGEMENT_MAX_DAGEN", default=366)
PASSEND_DIAGNOSTISCH_MAX_DAGEN = env.int("PASSEND_DIAGNOSTISCH_MAX_DAGEN", default=42)

# Background work (django-tasks): exports are made by a worker (`manage.py db_worker`) that takes
# them from the database. Another backend only for tests or special set-ups (docs/configuration.md).
TASKS = {
    "default": {
        "BACKEND": env.str("PASSEND_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# How long a report export (annual report PDF or workbook) is kept before it is removed.
PASSEND_EXPORT_DAGEN = env.int("PASSEND_EXPORT_DAGEN", default=7)
