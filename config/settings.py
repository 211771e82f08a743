"""Settings for the Miljömålslöften portal.

Everything that differs between a developer's machine and production is read
from the environment (or a `.env` file beside manage.py). With no environment
at all the portal runs on SQLite in the checkout.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# A development key, so that a fresh checkout runs; `manage.py check --deploy`
# refuses it (see config/checks.py).
DEV_SECRET_KEY = "dev-only-insecure-key-miljomalslofte"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    # The second factor of staff accounts (TOTP apps, and recovery codes).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django_tasks_db: its `db_worker` command is config's, with a heartbeat
    # (config/worker.py).
    "config",
    "django_tasks",
    "django_tasks_db",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "dbbackup",
    "actors",
    "pledges",
    "followup",
]

MIDDLEWARE = [
    # Outermost: it times the whole request and sees the final status.
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: too large a body is refused unread.
    "config.middleware.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Signed-in pages and downloads: Cache-Control: private, no-store.
    "config.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session that owes a second factor reaches only the pages that take it.
    "actors.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache holds short-lived limits (how often a sign-in link may be asked for).
# Per process by default; with several processes they must share one, e.g.
# CACHE_URL=redis://cache.example.se:6379/0 (install the `redis` extra).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The public pages' copies in that cache (actors/pagecache.py) are filed under their
# versions, so a change is never served late whatever this is; it only bounds how long
# a page nobody asks for again takes room.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=24 * 3600)
# The dashboards' charts are kept there too, under a digest of their figures
# (followup/charts.py): never stale, this only bounds how long an unused one stays.
CHART_CACHE_SECONDS = env.int("CHART_CACHE_SECONDS", default=24 * 3600)
# The dashboards' figures, kept under a fingerprint of the data they count
# (followup/dashboard.py, data_version): shown anew after any change through the
# portal, and after at most this long after one made around it (a bulk import).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=120)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "actors.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out person is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # One-time e-mailed links (invitations, sign-in links).
    "sesame.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after two hours without a request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Login throttling (django-axes): five failures for one address from one
# client lock it for an hour; a coordinator can lift the lock earlier. And
# twenty failures from one client, whatever the addresses, lock that client
# out for the hour (password spraying: one password tried against every
# address). actors.throttling.LoginThrottle keeps the two limits apart.
AXES_HANDLER = "actors.throttling.LoginThrottle"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_CLIENT_FAILURE_LIMIT = env.int("AXES_CLIENT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# The first the address and the client together, the second the client alone
# (LoginThrottle relies on this order).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Counted per account, however the address is typed and at whichever form.
AXES_USERNAME_CALLABLE = "actors.throttling.login_address"
# Behind a load balancer: the number of proxies in front of the portal that
# append to X-Forwarded-For (1 behind one load balancer). At 0 the client is
# REMOTE_ADDR; `manage.py check --deploy` warns about that (config/checks.py).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "actors.throttling.client_ip"

# The second factor (django-otp): coordinators and national administrators must
# have one, anyone else may. Codes from an authenticator app (TOTP, RFC 6238), or a
# recovery code. After each wrong code the next try waits twice as long (1, 2, 4 …
# seconds: OTP_TOTP_THROTTLE_FACTOR), per account, whoever tries.
OTP_TOTP_ISSUER = "Miljömålslöften"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SECOND_FACTOR_RECOVERY_CODES = 10

# One-time links in e-mail (django-sesame): usable once, for a week.
SESAME_MAX_AGE = env.int("SESAME_MAX_AGE", default=7 * 24 * 60 * 60)
SESAME_ONE_TIME = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap is an npm dependency (package.json), installed into node_modules/
# by the setup; nothing of it is committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded and generated files (evidence, signature scans, signed PDFs and previews,
# yearly reports, open-data files, pictures, logos): the folder MEDIA_ROOT, or with
# STORAGE_URL=s3://bucket (or s3://bucket/folder) a private S3-compatible bucket
# (pip install ".[s3]"), which web processes and workers on several machines share.
# Nothing is ever linked to the bucket: the portal streams every file through the
# view that checks who asks. Both write a file at exactly the name it is given
# (every upload gets a random name; a generated file is replaced in place).
STORAGE_URL = env.str("STORAGE_URL", default="")
if STORAGE_URL.startswith("s3://"):
    _bucket, _, _folder = STORAGE_URL.removeprefix("s3://").partition("/")
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "location": _folder.strip("/"),
            # Empty for Amazon S3; the provider's address for any other.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Empty: boto3 finds them itself (an instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # "path" for providers without a host name per bucket (MinIO, Ceph).
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            # No ACL of its own: an object is as private as the bucket, which must not
            # be public. Any URL made of a file is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": True,
        },
    }
elif STORAGE_URL:
    raise ImproperlyConfigured(f"STORAGE_URL must start with s3:// (or be empty): {STORAGE_URL}")
else:
    # The local folder, each file written whole or not at all (config/storage.py).
    MEDIA_STORAGE = {
        "BACKEND": "config.storage.AtomicFileSystemStorage",
        "OPTIONS": {"allow_overwrite": True},
    }
# One entry per kind of file: more may be added beside these.
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Backups (django-dbbackup; the README's "Backups"): `manage.py dbbackup` and
# `mediabackup` write compressed copies of the database and of the files (whatever the
# default storage holds) to a storage of their own: a local folder by default, or any
# Django storage by its dotted path and its options, e.g. an S3 bucket with
#   BACKUP_STORAGE_BACKEND=storages.backends.s3.S3Storage
#   BACKUP_STORAGE_OPTIONS=bucket_name=miljomal-backups,location=portal
# The copies hold personal data (names, e-mail addresses, signature scans): the local
# folder's files are readable by the portal's user alone.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_STORAGE_BACKEND = env.str(
    "BACKUP_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
BACKUP_STORAGE_OPTIONS = (
    {
        "location": str(BACKUP_DIR),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    }
    if BACKUP_STORAGE_BACKEND == "django.core.files.storage.FileSystemStorage"
    else {}
)
BACKUP_STORAGE_OPTIONS.update(env.dict("BACKUP_STORAGE_OPTIONS", default={}))
STORAGES["dbbackup"] = {"BACKEND": BACKUP_STORAGE_BACKEND, "OPTIONS": BACKUP_STORAGE_OPTIONS}
# How many copies of each (database, files) `--clean` keeps: two weeks of daily runs.
DBBACKUP_CLEANUP_KEEP = env.int("BACKUP_KEEP", default=14)
DBBACKUP_CLEANUP_KEEP_MEDIA = DBBACKUP_CLEANUP_KEEP
# Optional: `--encrypt` (BACKUP_OPTIONS=--encrypt for deploy/miljomalslofte-backup.service)
# encrypts each copy with GnuPG to this public key, named by its fingerprint (gpg on the
# machine, pip install ".[backup-encryption]"); only whoever restores holds the private key.
DBBACKUP_GPG_RECIPIENT = env.str("BACKUP_GPG_RECIPIENT", default="") or None
# The key is named by its fingerprint, so it is the one meant, signed by anyone or not.
DBBACKUP_GPG_ALWAYS_TRUST = True
# pg_restore makes the restoring role the owner of what it creates, and leaves the
# dump's grants out: a database restored on another server, under another role, is
# the portal's whole.
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": "--no-owner --no-privileges"}}

# Request bodies: the form fields of any request (Django's default, stated), and the
# files of the views that take them (actors.uploads: each view says how large). A
# larger body is refused with 413 before it is read. The proxy in front of the
# portal should refuse the same (client_max_body_size, see the README's Deploy).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The counties' and the actors' logos, uploaded in the admin.
ADMIN_UPLOAD_MAX_BYTES = 5 * 1024 * 1024

# Django 6 makes https the default scheme of URL fields; take it now.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless EMAIL_URL names a server, e.g.
# EMAIL_URL=smtp+tls://user:password@smtp.example.se:587
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="miljomalslofte@localhost")
# The address e-mails link to when no request is at hand (scheduled reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Where reports about the site's accessibility go when they concern no county that
# has a contact address of its own: the portal operator's.
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
# The accessibility statement's dates (DIGG's model asks for when it was made and
# last reviewed): change them when the statement is reviewed.
ACCESSIBILITY_STATEMENT_MADE = "2026-12-02"
ACCESSIBILITY_STATEMENT_REVIEWED = "2026-12-02"
# The contact point of the open-data catalogue (DCAT-AP-SE asks for an e-mail
# address): whoever answers questions about the data, not a person's own address.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)

# Background work (e-mail, PDFs, imports) goes through the Tasks API. In
# production the database backend, worked off by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# A worker killed in the middle of a task leaves it RUNNING: each `db_worker` writes a
# heartbeat every TASKS_HEARTBEAT_SECONDS and queues again the running tasks of a
# worker silent for TASKS_WORKER_TIMEOUT_SECONDS (config/worker.py); a task claimed
# TASKS_MAX_ATTEMPTS times without finishing is marked failed.
TASKS_HEARTBEAT_SECONDS = env.float("TASKS_HEARTBEAT_SECONDS", default=15)
TASKS_WORKER_TIMEOUT_SECONDS = env.float("TASKS_WORKER_TIMEOUT_SECONDS", default=120)
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=3)
# /health/ answers 503 when the oldest task waiting in the queue is older than
# this: the worker is down or cannot keep up.
HEALTH_MAX_TASK_AGE_SECONDS = env.int("HEALTH_MAX_TASK_AGE_SECONDS", default=300)

# Follow-up: how long a report link e-mailed to an actor works, how many days
# before the due date reminders go out, and how often coordinators are told
# about late reports. `manage.py followup_reminders` (run daily) sends them.
FOLLOWUP_LINK_DAYS = env.int("FOLLOWUP_LINK_DAYS", default=30)
FOLLOWUP_REMINDER_DAYS = tuple(env.list("FOLLOWUP_REMINDER_DAYS", cast=int, default=[14, 3]))
FOLLOWUP_LATE_NOTICE_INTERVAL_DAYS = env.int("FOLLOWUP_LATE_NOTICE_INTERVAL_DAYS", default=7)

# PAdES: a county board that has a certificate seals the signed PDFs of its
# pledges with it, so that any PDF reader shows who issued the document and
# that it is unaltered. One PKCS#12 file (.p12/.pfx) per county code, e.g.
#   PDF_SIGNING_CERTIFICATES=07=/etc/miljomalslofte/kronoberg.p12
#   PDF_SIGNING_PASSPHRASE_07=...
# Counties without one get the same PDF, unsealed.
PDF_SIGNING = {
    code: {
        "pkcs12": path,
        "passphrase": env.str(f"PDF_SIGNING_PASSPHRASE_{code}", default=""),
    }
    for code, path in env.dict("PDF_SIGNING_CERTIFICATES", default={}).items()
}

# The open-data API (config/api.py): read-only, anonymous, JSON only, throttled per
# client (behind a load balancer the client is found as for the login throttle).
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # No sessions, no accounts: every client gets the same public answer.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["config.api_base.ApiThrottle"],
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT or None,
    "DEFAULT_PAGINATION_CLASS": "config.api_base.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Miljömålslöften API",
    "DESCRIPTION": (
        "Open data of the Swedish county boards' environmental pledges (miljömålslöften): "
        "counties, action programmes, environmental objectives, global goals, actors, "
        "published pledges and accepted follow-up. Read-only, no authentication. "
        "Licence: CC0 1.0."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Not part of `check --deploy`: the schema is generated and checked by
    # tests/api/test_schema.py (schemathesis). Its warnings that the filters chosen by
    # slug or number are typed as strings are true and harmless.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # The codes are the data; their labels are the portal's, in its languages.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.document_errors",
    ],
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "LICENSE": {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
}

# The Content Security Policy: nothing inline, nothing from another site.
# Bootstrap's CSS draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# A load balancer probes /health/ over plain HTTP: a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# Only when every subdomain is served over HTTPS too; preloading is a promise to the
# browsers' lists that is slow to take back (deploy/production.env.example).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

# One JSON line per request and per task in production (config/logs.py), readable
# lines in development; both scrub e-mail addresses and tokens.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "config.logs.ScrubbingJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "()": "config.logs.ScrubbingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        # django-dbbackup's commands set their own handler's level from --verbosity and
        # add a plain one where they find none: this one, so that each line is written
        # once, in the portal's format.
        "dbbackup": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # config.tasks writes the one line per task; a failure's traceback still shows.
        "django_tasks": {"level": "WARNING"},
        # config.requests writes the one line per request (by route, not path).
        "django.server": {"level": "WARNING"},
        "dbbackup.command": {"handlers": ["dbbackup"], "propagate": False},
    },
}

# Errors to Sentry when SENTRY_DSN is set (pip install ".[sentry]"): no personal data
# is sent (send_default_pii off), and the events pass the same scrub as the logs.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from config.logs import scrub_sentry_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        before_send=scrub_sentry_event,
    )
