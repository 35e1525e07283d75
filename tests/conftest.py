import pytest
from django.utils import translation

from . import factories


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # Tests run without `collectstatic` and over plain HTTP.
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # One PBKDF2 check takes half a second here: tests log in often and are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # LocaleMiddleware leaves the request's language active in the thread: start each test in Russian.
    with translation.override("ru"):
        yield


@pytest.fixture
def district(db):
    return factories.make_district()


@pytest.fixture
def project(district):
    return factories.make_project(district=district)


@pytest.fixture
def editor(db):
    return factories.make_editor()
