"""With REDIS_URL the cache is Redis; while Redis is down, pages are rendered from the database, not refused."""

import pytest
from django.core.cache import caches

from . import factories
from .tools import require

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_cache(settings):
    def use(location):
        settings.CACHES = {
            "default": {
                "BACKEND": "alatau.cache.ForgivingRedisCache",
                "LOCATION": location,
                "KEY_PREFIX": "alatau-test-outage",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        settings.CACHE_PAGES = True
        return caches["default"]

    return use


def test_a_cache_that_is_down_misses_and_keeps_nothing(redis_cache):
    cache = redis_cache(DOWN)
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", "value") is False
    assert cache.get_or_set("key", "computed") == "computed"
    cache.delete("key")


def test_pages_answer_while_the_cache_is_down(client, redis_cache):
    redis_cache(DOWN)
    project = factories.make_project(district=factories.make_district(slug="gate"))
    for url in ("/en/", "/ru/projects/", project.get_absolute_url(), "/en/districts/gate/"):
        assert client.get(url).status_code == 200, url


def test_a_running_redis_keeps_what_it_is_given(redis_cache):
    cache = redis_cache("redis://127.0.0.1:6379/9")
    try:
        cache.set("key", "value")
    finally:
        kept = cache.get("key")
        cache.delete("key")
    require(kept is not None, "Redis on 127.0.0.1:6379", "apt-get install redis-server")
    assert kept == "value"
