"""
Settings for the Alatau City district registry.

This is the only place that reads the environment. Everything fails closed:
debug is off, HTTPS protections are on and the development secret is one that
`manage.py check --deploy` rejects, unless the environment says otherwise.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.jquery_ui
import xstatic.pkg.leaflet
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_text(name, default=""):
    return os.environ.get(name, "").strip() or default


BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "django-insecure-development-only-never-use-this-key-in-production",
)

DEBUG = env_bool("DJANGO_DEBUG")

# No default in production mode: a server started without the site's names refuses to (alatau/deployment.py).
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


# Application definition

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "images",
    "districts",
    "projects",
    # The project package: site-wide pages and the `facts` template tags.
    "alatau",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files get these headers too (alatau/headers.py).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "alatau.headers.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers /healthz with the headers above but before the host check (SECURE_REDIRECT_EXEMPT spares it the
    # HTTPS redirect); turns database failures into 503 (alatau/faults.py).
    "alatau.faults.DatabaseFaultMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alatau.display.DisplayCookieMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a sign-in that django-axes refused into the lockout page (alatau/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alatau.urls"

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
                "django.template.context_processors.csp",
                "alatau.context_processors.language_alternates",
                "alatau.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "alatau.wsgi.application"


# Database: DATABASE_URL selects PostgreSQL (psycopg 3); unset means SQLite here.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# When the database fails (alatau/faults.py, alatau/watchdog.py): pages answer 503 and /healthz says "down", within
# seconds. A server that does not answer may hold a request for at most DB_CONNECT_TIMEOUT seconds to connect and
# DB_QUERY_DEADLINE seconds for each query (0: no deadline); the server's own statement_timeout cannot help once
# it is frozen. A load balancer probes /healthz over plain HTTP, by address: no HTTPS redirect, no host check.
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3"))  # libpq takes 2 at least
DB_QUERY_DEADLINE = float(os.environ.get("DJANGO_DB_QUERY_DEADLINE", "5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]


# Caching: whole public pages and their data, under a registry version that every write raises
# (districts/caching.py). Local memory unless REDIS_URL names a Redis that all servers share.

CACHE_PAGES = env_bool("DJANGO_CACHE_PAGES", default=True)
CACHE_SECONDS = int(os.environ.get("DJANGO_CACHE_SECONDS", "86400"))
# How long a browser or a CDN may reuse a public page without asking again (it revalidates with its ETag).
PAGE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_MAX_AGE", "60"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # A Redis that is down or slow makes every read a miss (alatau/cache.py): pages still answer.
            "BACKEND": "alatau.cache.ForgivingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "alatau"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Pages are up to ~100 KB: 500 of them keep a worker well under its memory budget.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }


# Password validation

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalization: Russian is the source language and the default.

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["alatau.formats"]  # Django ships no Kazakh formats
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True


# Static files and media

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet and jQuery UI (the admin's language tabs) come from XStatic pip packages, never as copies in the repo.
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Images go to S3-compatible object storage when a bucket is named (credentials: the two keys below, or the
# usual AWS_* variables and instance roles that boto3 reads); otherwise to MEDIA_ROOT on local disk.
S3_BUCKET = env_text("DJANGO_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_text("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env_text("DJANGO_S3_REGION") or None,
            "access_key": env_text("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_text("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_text("DJANGO_S3_CUSTOM_DOMAIN") or None,  # a CDN in front of the bucket
            "querystring_auth": False,  # the images are public: plain, cacheable URLs
            "default_acl": None,  # the bucket's own policy decides who reads
            "file_overwrite": True,  # the portal's names are random: no need to ask the bucket first
            # Every stored name is new for new content (a random token), so caches may keep each for a year.
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable",
                "ContentDisposition": "inline",
            },
        },
    }
# The portal serves MEDIA_ROOT itself (images/views.py) unless object storage or a web server in front does.
SERVE_MEDIA = not S3_BUCKET and env_bool("DJANGO_SERVE_MEDIA", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]


# Security: behind HTTPS unless DJANGO_HTTPS=0 says the site is served on plain
# HTTP (as `make run` does on 127.0.0.1).

HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a commitment browsers keep for months: only an operator who chose it turns it on.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD")
# ...so `check --deploy` need not warn that it is off (CI runs it with --fail-level WARNING).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


# Content-Security-Policy (Django's middleware) and Permissions-Policy (alatau/headers.py) on every response.
# Public pages have no inline script or style, so they never use the nonce: a cached page holds none that a
# later response would repeat. The admin's templates put the nonce on their few inline <script> and <style>.
# Images come from the portal, the map's tiles, and the object storage that holds the media when there is one.
MAP_TILES = "https://tile.openstreetmap.org"
if S3_BUCKET:
    # The origin of django-storages' URLs: the CDN, else the endpoint (path-style URLs), else AWS's bucket host.
    _s3 = STORAGES["default"]["OPTIONS"]
    if _s3["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{urlsplit('//' + _s3['custom_domain']).netloc}"]
    elif _s3["endpoint_url"]:
        MEDIA_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(_s3["endpoint_url"]))]
    else:
        MEDIA_ORIGINS = [f"https://{S3_BUCKET}.s3.amazonaws.com"]
else:
    MEDIA_ORIGINS = []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", MAP_TILES, *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features no page uses, turned off for the portal and anything it might embed; Chromium knows each name.
PERMISSIONS_POLICY = dict.fromkeys(
    ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"], ()
)


# Signing in. django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that
# pair is refused for the cool-off before any password is hashed, with the lockout page (alatau/lockout.py, 429).
# Superusers see the locks under "Access attempts" and unlock one by deleting it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so that a locked sign-in never reaches the hasher
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
# Attempts while locked are refused without being recorded: they cost no write, and the cool-off the page
# announces runs from the last counted failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the locks stay on record after they end
AXES_LOCKOUT_CALLABLE = "alatau.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "alatau.lockout.attempted_username"  # one PostgreSQL can store (NUL, length)
# The client's address is REMOTE_ADDR, which a client cannot forge. Behind DJANGO_PROXY_COUNT proxies that each
# append to X-Forwarded-For, it is the entry that many places from the right; what a client wrote into the
# header itself lies further left. django-ipware counts only the proxies the header names (the nearest one is
# REMOTE_ADDR instead), and unless told not to be strict ignores a header that holds more entries than that.
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    AXES_IPWARE_PROXY_COUNT = max(int(os.environ.get("DJANGO_PROXY_COUNT", "1")), 1) - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# The admin's address. Production should pick one of its own; it is not named in robots.txt, and its pages
# carry a robots "noindex" meta tag.
ADMIN_PATH = env_text("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"
# Only signed-in staff have sessions (the display settings and the language are cookies). A session ends after
# a working day without a request; every request pushes the end back.
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}


# Alatau

# django-modeltranslation: Russian is the source; a missing translation shows Russian.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ru",)
# The admin shows each translated field as tabs, one per language; jQuery UI is served by the portal, not a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"  # read by django-modeltranslation under this name
# Who publishes the registry and its open data (every page's header and footer, the downloads' metadata), and
# under which licence. Contact fields that are not set are not shown: no address, e-mail or phone is published
# until the operator gives one. The default name is translated on the pages; a name set here is shown as it is.
DATA_PUBLISHER = {
    key: value
    for key, value in {
        "name": env_text("DJANGO_PUBLISHER_NAME", gettext_noop("Alatau City Project Office")),
        "address": env_text("DJANGO_PUBLISHER_ADDRESS"),
        "email": env_text("DJANGO_PUBLISHER_EMAIL"),
        "phone": env_text("DJANGO_PUBLISHER_PHONE"),
    }.items()
    if value
}
DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
# The version for the visually impaired (alatau/display.py) keeps a visitor's choices in this cookie.
DISPLAY_COOKIE_NAME = "display"
# OC4IDS project ids are "oc4ids-<prefix>-<local id>": the prefix the Open Contracting Partnership registers for
# the publisher. Until one is registered, a prefix of our own that no registered one can be mistaken for.
OC4IDS_PREFIX = os.environ.get("DJANGO_OC4IDS_PREFIX", "alatau-unregistered")
# django-import-export: importing and exporting projects take the roles' permissions (projects/roles.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# A text that starts like a formula leaves an export as text, never as a live formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
