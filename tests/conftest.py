import pytest
from django.core.cache import cache
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
    # Tests look into each response's context, which a cached page no longer has: tests of the cache turn it
    # on. Each test's database starts over, and its registry versions may repeat another test's: no cached
    # pages from before.
    settings.CACHE_PAGES = False
    cache.clear()
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
def complete_project(district):
    """A published project with everything publishing needs (the admin refuses to save one without)."""
    return factories.make_complete_project(district=district)


@pytest.fixture
def editor(db):
    return factories.make_editor()


@pytest.fixture
def editor_client(client, editor):
    """The test client, signed in as a Project Office editor."""
    client.force_login(editor)
    return client


@pytest.fixture
def assert_queries(django_assert_num_queries):
    """Pin the queries of a request right after the registry changed (`first`: nothing cached) and of the
    same request again (`then`: the registry's figures and lists come from the cache; whole pages are not
    cached in tests). Returns the second response."""

    def check(request, first, then):
        with django_assert_num_queries(first):
            request()
        with django_assert_num_queries(then):
            return request()

    return check
