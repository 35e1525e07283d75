"""
Settings for the Alatau City district registry.

This is the only place that reads the environment. Everything fails closed:
debug is off, HTTPS protections are on and the development secret is one that
`manage.py check --deploy` rejects, unless the environment says otherwise.
"""

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.jquery_ui
import xstatic.pkg.leaflet
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

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
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
    "images",
    "districts",
    "projects",
    # The project package: site-wide pages and the `facts` template tags.
    "alatau",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alatau.display.DisplayCookieMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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


# Caching: whole public pages and their data, under a registry version that every write raises
# (districts/caching.py). Local memory unless REDIS_URL names a Redis that all servers share.

CACHE_PAGES = env_bool("DJANGO_CACHE_PAGES", default=True)
CACHE_SECONDS = int(os.environ.get("DJANGO_CACHE_SECONDS", "86400"))
# How long a browser or a CDN may reuse a public page without asking again (it revalidates with its ETag).
PAGE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_MAX_AGE", "60"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "alatau"),
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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


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
