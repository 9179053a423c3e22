"""Settings for the PINA website, read from the environment (see the table in README.md), with
defaults safe for production (debug off, HTTPS-only cookies, HSTS): `make run` turns debug on for
local work, and tests set their own environment in tests/environment.py.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_countries.data import COUNTRIES as _DJANGO_COUNTRIES

from pina.site.cldr import country_names_for_django_countries

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-when-debug-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------------

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # The admin with two-factor login and fault handling (pina.security.admin_site.PinaAdminSite).
    "pina.security.apps.PinaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_ckeditor_5",
    # jQuery UI's static files for the admin's language tabs (JQUERY_UI_URL below).
    "django_static_jquery_ui",
    "django_countries",
    "imagekit",
    "phonenumber_field",
    "reversion",
    "reversion_compare",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_http_compression",
    "dbbackup",
    # The shared pieces (pina/*/); pina.site keeps the app label "pina".
    "pina.site",
    "pina.caching",
    "pina.content",
    "pina.ops",
    "pina.search",
    "pina.security",
    "news",
    "events",
    "volunteers",
    # The image captcha of the volunteer form's busy-network challenge (no JavaScript needed).
    "captcha",
    # Last, as its documentation asks: deletes a file once the row holding it is deleted or
    # points at another file, after the transaction commits (renditions: pina.content.files).
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # Addresses and query parameters with a control character (NUL: a 500 on PostgreSQL) are
    # a 404 before anything reads them; header values lose theirs (pina/security/input.py).
    "pina.security.input.ControlCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves stored pages before anything below runs; stores what compression produced.
    "pina.caching.page_cache.PageCacheMiddleware",
    # gzip / Brotli / Zstandard for HTML and other text; static files come pre-compressed.
    "django_http_compression.middleware.HttpCompressionMiddleware",
    "pina.security.csp.ScopedCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # With SITE_URL unset (development): links in e-mails use the address this request came to.
    "pina.site.addresses.ServedAtMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database that cannot be reached gives the branded 503 page (pina/ops/faults.py).
    "pina.ops.faults.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pina.urls"
WSGI_APPLICATION = "pina.wsgi.application"
ASGI_APPLICATION = "pina.asgi.application"

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
                "pina.site.context_processors.site",
            ],
        },
    },
]

# --- Database and cache ---------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let concurrent writers queue instead of failing with
    # "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # An unreachable server must give the 503 page quickly, not hang the worker (libpq's
    # smallest timeout is 2 seconds; a stopped server refuses at once).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache must be one truth for every worker and instance: the page cache's content version,
# cached fragments, rate-limit counters. Redis when REDIS_URL is set, else the database (the
# table pina_cache, created by migrate; docs/deploy.md measures its cost). "locmem" is each
# process's own memory: only for a single process (the test runner).
CACHE_BACKEND = env.str("DJANGO_CACHE", default="redis" if REDIS_URL else "database")


def _next_redis_db(url: str) -> str:
    """REDIS_URL with the next database number (redis://host:6379/0 -> /1)."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    if not number.isdigit():
        raise ImproperlyConfigured("REDIS_URL's path must be a database number, e.g. /0.")
    return parts._replace(path=f"/{int(number) + 1}").geturl()


if CACHE_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("DJANGO_CACHE=redis needs REDIS_URL.")
    # django-redis with IGNORE_EXCEPTIONS: when Redis is down every cache read is a miss and
    # every write is dropped, so pages are still served (from the database); the failures are
    # logged (throttled, see LOGGING), never shown.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pina"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        },
        # Rate-limit counters: another logical database (REDIS_RATELIMIT_URL, by default the
        # next database number of REDIS_URL's server), meant for `noeviction` or its own
        # instance (docs/deploy.md), so that pages flooding the cache never evict a counter.
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("REDIS_RATELIMIT_URL", default="") or _next_redis_db(REDIS_URL),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pina"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "pina.cache"
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            # Django's database cache with an exact, expiry-keeping incr() (rate limits).
            "BACKEND": "pina.caching.database_cache.DatabaseCache",
            "LOCATION": "pina_cache",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pina"),
            # Every write counts the rows; past MAX_ENTRIES a quarter (expired first) is culled.
            "OPTIONS": {
                "MAX_ENTRIES": env.int("DJANGO_CACHE_MAX_ENTRIES", default=20000),
                "CULL_FREQUENCY": 4,
            },
        },
        # Rate-limit counters in a table of their own (pina_ratelimit_cache, created by
        # migrate): culling the pages' table never drops a counter, and this one stays small
        # (one row per address and limit, expiring within the hour or the day).
        "ratelimit": {
            "BACKEND": "pina.caching.database_cache.DatabaseCache",
            "LOCATION": "pina_ratelimit_cache",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="pina"),
            "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_RATELIMIT_MAX_ENTRIES", default=1_000_000)},
        },
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pina",
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pina-ratelimit",
        },
    }
else:
    raise ImproperlyConfigured(
        f"DJANGO_CACHE={CACHE_BACKEND!r}: use redis, database or locmem (one process only)."
    )
# Whether every process sees the same cache (pina/ops/checks.py refuses several instances without).
CACHE_IS_SHARED = CACHE_BACKEND != "locmem"

# How many app-server instances (gunicorn masters, on one or several machines) serve the site.
# Above 1, pina/ops/checks.py requires a shared cache and shared media storage.
PINA_INSTANCES = env.int("PINA_INSTANCES", default=1)

# Whole-page cache for anonymous visitors (pina/caching/page_cache.py). On by default in
# production with a shared cache (Redis or the database): a local-memory cache is per process,
# so an edit made through one worker would not stop the others serving their stored pages.
PAGE_CACHE_ENABLED = env.bool("DJANGO_PAGE_CACHE", default=not DEBUG and CACHE_IS_SHARED)
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=300)
# What a front proxy (nginx's micro-cache) and browsers may keep of those same public pages:
# `Cache-Control: public, max-age=` this (0: no such header); personal responses say `private,
# no-store` (pina/caching/page_cache.py, set_front_cache_headers).
PAGE_FRONT_CACHE_SECONDS = env.int("PAGE_FRONT_CACHE_SECONDS", default=1)
# Cached fragments (pina/caching/fragments.py: list counts, category lists, filter choices)
# follow the same content version; this bounds what no signal sees (a scheduled post whose
# time comes).
FRAGMENT_CACHE_SECONDS = env.int("DJANGO_FRAGMENT_CACHE_SECONDS", default=60)
# Like the page cache, fragments need a cache every process shares: with several workers and
# the local-memory cache, an edit made through one worker would not reach the others.
FRAGMENT_CACHE_ENABLED = env.bool("DJANGO_FRAGMENT_CACHE", default=CACHE_IS_SHARED)
PAGE_CACHE_ALIAS = "default"
# Saving, deleting or re-linking a model of these apps makes every cached page stale...
PAGE_CACHE_CONTENT_APPS = ["pina", "news", "events", "volunteers"]
# ...except these models ("app_label.ModelName"), which no public page shows (and their links).
PAGE_CACHE_IGNORED_MODELS = ["volunteers.VolunteerApplication", "volunteers.EmailDelivery"]
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/editor/", "/healthz"]
# Besides the session cookie: visitors with a pending flash message get a fresh page.
PAGE_CACHE_BYPASS_COOKIES = ["messages"]

# --- Authentication -------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # Refuses logins from a locked-out user or address before the password is checked.
    "pina.security.access.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): 5 failures lock the user name, and separately the address, for
# 30 minutes. Superusers unlock earlier in the admin (Axes > Access attempts) or with
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` / `axes_reset` (docs/security.md).
AXES_FAILURE_LIMIT = env.int("PINA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PINA_LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "pina.security.access.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pina.security.access.client_ip"
# Masked in the attempts axes stores and logs.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "csrfmiddlewaretoken"]
# Addresses are taken from X-Forwarded-For only behind this many trusted proxies (0: none).
PINA_PROXY_COUNT = env.int("PINA_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "pina.security.access.client_ip"
# When the cache (Redis) is down, rate limits let visitors through rather than locking them out.
RATELIMIT_FAIL_OPEN = True
# Counters never share an evictable store with pages (CACHES["ratelimit"]). django-axes keeps
# its login failures and lockouts in the database (its default handler), not in a cache.
RATELIMIT_USE_CACHE = "ratelimit"

# Two-factor authentication (django-otp: TOTP, and static tokens as recovery codes): required for
# every staff account when on; staff who enrolled an authenticator always need a code.
PINA_REQUIRE_2FA = env.bool("PINA_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "PINA"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff sessions end when the browser closes, and at the latest after DJANGO_SESSION_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Languages and time ---------------------------------------------------------------------------

LANGUAGE_CODE = "en"
# Every language the site is in: the content's translations, admin tabs, fallbacks, hreflang,
# sitemaps, search and country names follow this list (README, "Adding a language").
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("uz", _("Uzbek")),
]
LOCALE_PATHS = [
    BASE_DIR / "pina" / "locale",
    # Django's own admin strings that its Uzbek catalogue leaves in English (Groups, Users, the
    # change list's buttons...): apart from pina/locale, which `make messages` rewrites.
    BASE_DIR / "pina" / "locale_admin",
]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tashkent")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# pina.content.richtext.RichTextField is a TextField; modeltranslation accepts it once named here.
MODELTRANSLATION_CUSTOM_FIELDS = ("RichTextField",)
# The admin's per-language tabs (pina.content.translation_admin) need jQuery UI: from our own
# static files, since the admin's CSP allows scripts from the site only (modeltranslation's
# default is a CDN address).
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"

# Country names from CLDR (pina.site.cldr) in every language of LANGUAGES, instead of
# django-countries' own catalogues (no Uzbek one; ISO's English long forms such as "Bahamas (The)").
COUNTRIES_OVERRIDE = country_names_for_django_countries(dict(_DJANGO_COUNTRIES))
COUNTRIES_FIRST = ["UZ", "KZ", "KG", "TJ", "TM"]
COUNTRIES_FIRST_BREAK = "──────────"
COUNTRIES_FIRST_REPEAT = True
CENTRAL_ASIA = COUNTRIES_FIRST

# --- Static files and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Local development and single-server installs serve uploads through Django; behind a web server
# or object storage, turn this off.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)

# Several machines need uploads in one place: S3-compatible object storage (django-storages),
# configured by the environment alone. Unset, files go to MEDIA_ROOT on this machine.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Other S3-compatible services (MinIO, Ceph, a cloud's object storage) by address.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3 itself) or the
            # machine's role; never in settings.
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Public images: plain URLs (the bucket or its CDN allows public reads), so pages
            # and browsers can cache them; on, URLs are signed and expire.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            "file_overwrite": False,
        },
    }
    # Where pages load uploaded images from: the Content-Security-Policy allows it (img-src).
    _media_host = MEDIA_STORAGE["OPTIONS"]["custom_domain"]
    _endpoint = urlsplit(MEDIA_STORAGE["OPTIONS"]["endpoint_url"] or "")
    if _media_host:
        MEDIA_ORIGINS = [f"https://{_media_host.split('/')[0]}"]
    elif _endpoint.netloc:
        MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        _region = MEDIA_STORAGE["OPTIONS"]["region_name"]
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"] + (
            [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region}.amazonaws.com"] if _region else []
        )
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGINS = []
# Whether MEDIA_ROOT is the same directory for every instance (one machine, or a shared mount):
# pina/ops/checks.py accepts local media with several instances only then.
MEDIA_ROOT_SHARED = env.bool("PINA_SHARED_MEDIA_ROOT", default=False)

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed, compressed (gzip + Brotli) names, served by WhiteNoise with far-future headers.
        "BACKEND": "pina.site.staticfiles.ManifestStaticFilesStorage"
        if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# --- Backups (manage.py backup_site / restore_site, pina/ops/backup.py, docs/security.md) ---------

# The armoured GnuPG public key every backup is encrypted to (the key itself, or the path of a
# file holding it). Only its owner, with the private key kept off the server, can read a backup.
BACKUP_GPG_PUBLIC_KEY = env.str("BACKUP_GPG_PUBLIC_KEY", default="")
# Where restore_site finds the private key (a GnuPG home directory; GnuPG's default if unset).
BACKUP_GPG_HOME = env.str("BACKUP_GPG_HOME", default="")
# How many complete backups to keep; older ones are deleted after each backup.
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# Off the server: an S3-compatible bucket of its own (same endpoint and keys as the media's),
# private; unset, a folder on this machine (copy it elsewhere).
BACKUP_S3_BUCKET = env.str("BACKUP_S3_BUCKET", default="")
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
if BACKUP_S3_BUCKET:
    STORAGES["dbbackup"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BACKUP_S3_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["dbbackup"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(BACKUP_DIR),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
DBBACKUP_CONNECTOR_MAPPING = {
    "django.db.backends.sqlite3": "pina.ops.dbconnectors.SqliteBackupAPIConnector",
}
# A restore on a new server may run as another database role: objects then belong to it.
DBBACKUP_CONNECTORS = {"default": {"RESTORE_SUFFIX": "--no-owner --no-privileges"}}
# Failures are logged by the scheduler like any job's; no mail with a traceback.
DBBACKUP_SEND_EMAIL = False

# Uploads: limits applied to every upload form and the editor's image upload.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000

IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# --- E-mail ---------------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PINA <no-reply@pina.example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admins", a) for a in env.list("DJANGO_ADMINS", default=[])]

# --- Volunteers -----------------------------------------------------------------------------------

# Used when the site settings record lists no coordinator addresses.
VOLUNTEER_COORDINATOR_EMAILS = env.list("VOLUNTEER_COORDINATOR_EMAILS", default=[])
# Declined and withdrawn applications are anonymized this many days after that decision
# (manage.py anonymize_old_applications; the privacy notice states it).
VOLUNTEER_RETENTION_DAYS = env.int("VOLUNTEER_RETENTION_DAYS", default=365)
# Entries of the audit trail are deleted this many days after they were written (the same
# command; the privacy notice states it). Two years: longer than applications are kept, so who
# looked at an application can still be checked after it is erased, and long enough to trace a
# leak found late; not for ever, since every entry names a staff member.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# What `manage.py run_scheduler` runs (pina/ops/scheduler.py): (command name, arguments, every
# so many seconds). The e-mail outbox every minute, the retention purge daily, and with a backup
# key the encrypted backup daily.
SCHEDULED_COMMANDS = [
    ("send_pending_emails", ["--all-due"], 60),
    ("anonymize_old_applications", [], 86400),
]
if BACKUP_GPG_PUBLIC_KEY:
    SCHEDULED_COMMANDS.append(("backup_site", [], 86400))
# Accepted applications per visitor address and hour (django-ratelimit syntax: 5/h, 20/d, ...).
# One mobile carrier puts thousands of subscribers behind one address and a conference a hundred
# people on one venue network, so this is the hard bound for a bot, not the everyday one: past
# VOLUNTEER_CHALLENGE_AFTER each sign-up needs a solved challenge, and venues get an event link
# (its own limit). 100 an hour: a busy venue whose guests skip the link still gets through.
VOLUNTEER_SIGNUP_RATE = env.str("VOLUNTEER_SIGNUP_RATE", default="100/h")
# Every POST to the form, valid or not, per address: stops floods of invalid submissions. Three
# posts per accepted sign-up (a form sent back with errors, a challenge got wrong).
VOLUNTEER_FORM_POST_RATE = env.str("VOLUNTEER_FORM_POST_RATE", default="300/h")
# After this many accepted sign-ups in the hour from one address (without an event link), the
# form asks for a challenge: a proof of work the browser solves (ALTCHA) or, without
# JavaScript, an image captcha. Ten: a household, an office or a small group on one network
# never sees it; a bot gets ten free sign-ups an hour and then pays for each one.
VOLUNTEER_CHALLENGE_AFTER = env.int("VOLUNTEER_CHALLENGE_AFTER", default=10)
# The proof of work's size: the browser tries on average half of this many SHA-256 hashes
# (about a second on a phone); a challenge is good for as long as the form's stamp.
VOLUNTEER_CHALLENGE_MAX_NUMBER = env.int("VOLUNTEER_CHALLENGE_MAX_NUMBER", default=50_000)
# Accepted submissions per e-mail address per day, from anywhere (event links included): each
# one for a known address e-mails its owner a link, so a stranger cannot flood that mailbox.
# Over it, the visitor sees the usual thank-you and nothing is stored or sent.
VOLUNTEER_EMAIL_RATE = env.str("VOLUNTEER_EMAIL_RATE", default="3/d")
# An event sign-up link (volunteers.EventSignupLink) takes the place of the per-address limits:
# its own `daily_limit` of accepted sign-ups (500 by default, a large conference), and this many
# posts per accepted sign-up allowed per day.
VOLUNTEER_EVENT_POSTS_PER_SIGNUP = 3
# A person needs more than this to fill the form; a stamp older than the maximum is stale.
VOLUNTEER_FORM_MIN_SECONDS = env.int("VOLUNTEER_FORM_MIN_SECONDS", default=3)
# Two hours: ample for a person to read the page and write the motivation, even with breaks,
# while a stamp a bot harvested is useless soon after (a stale form comes back with a new stamp,
# keeping what was typed). Each stamp is also good for one accepted submission (volunteers.abuse).
VOLUNTEER_FORM_MAX_AGE_SECONDS = 2 * 3600
# A stamp is good for one accepted submission; only the load test (make bench), whose wrk
# replays one form body, turns this off.
VOLUNTEER_FORM_STAMP_SINGLE_USE = env.bool("VOLUNTEER_FORM_STAMP_SINGLE_USE", default=True)
# django-simple-captcha: drawn by our app (Pillow), no sound (it would need flite), and as long
# lived as the form's stamp. Letters only, none that look alike (0/O, 1/l/I).
CAPTCHA_TIMEOUT = VOLUNTEER_FORM_MAX_AGE_SECONDS // 60
CAPTCHA_LENGTH = 5
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_CHALLENGE_FUNCT = "volunteers.challenge.captcha_letters"
# Rate limits on/off (off only for load tests), and the header a reverse proxy puts the
# visitor's address in (e.g. X-Real-IP); unset, REMOTE_ADDR is the visitor.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")

# --- Security -------------------------------------------------------------------------------------

HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=8 * 3600)
CSRF_FAILURE_VIEW = "pina.site.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Public pages: no inline or eval'd script and nothing from other origins. The admin gets the
# extra it needs (inline styles written by CKEditor 5) in pina.security.csp.ScopedCSPMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Rich text (CKEditor 5) -----------------------------------------------------------------------

CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
CKEDITOR_5_CONFIGS = {
    "default": {
        # CKEditor 5 v47 is used under its GPL licence.
        "licenseKey": "GPL",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:alignCenter",
            ],
        },
        "link": {"defaultProtocol": "https://"},
    },
}

# --- Logging ---------------------------------------------------------------------------------

# One JSON object per line on the console (plain text with DJANGO_LOG_FORMAT=plain), with e-mail
# addresses and phone numbers masked and requests reduced to method and path (pina/ops/logs.py).
# Errors reach DJANGO_ADMINS by mail, at most once per kind every few minutes, without request
# bodies, cookies or local variables (pina.ops.logs.PrivateExceptionReporter).
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pina.ops.logs.JsonLogFormatter"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "private": {"()": "pina.ops.logs.MaskPersonalData"},
        "throttle_mail": {"()": "pina.ops.logs.Throttle", "seconds": 300},
        "throttle": {"()": "pina.ops.logs.Throttle", "seconds": 60},
        "bad_host": {"()": "pina.ops.logs.ExpectedRefusal", "template": "Invalid Host header"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["private"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "private", "throttle_mail"],
            "include_html": False,
            "reporter_class": "pina.ops.logs.PrivateExceptionReporter",
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        # Bots send wrong Host headers all day: the 400 is the protection working, so one
        # WARNING line without a traceback, at most one a minute; never mailed.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "propagate": False,
            "filters": ["bad_host", "throttle"],
        },
        # Requests refused during a database outage: one WARNING line each, at most one a minute.
        "pina.ops.faults": {"filters": ["throttle"]},
        # A Redis outage fails every cache call: one line a minute is enough.
        "pina.cache": {"filters": ["throttle"]},
    },
}

# Optional error tracking (Sentry, or a self-hosted GlitchTip): on when SENTRY_DSN is set, with
# no personal data sent (pina/ops/error_tracking.py); the mail to DJANGO_ADMINS stays as it is.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from pina.ops.error_tracking import start_error_tracking

    start_error_tracking(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )

# The public address of the site, for links in e-mails, preview and event sign-up links
# (pina/site/addresses.py). Required in production (system check pina.E010); with debug on and
# unset, links use the address the site is served at (`make run` on any port).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
