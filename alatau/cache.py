"""A Redis cache that a Redis outage cannot turn into server errors: while Redis is down or slow, every read
misses and every write keeps nothing, so pages are rendered from the database (slower, never wrong)."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def missing(fallback):
    """Wrap a client method: on a Redis error, log it and return `fallback`."""

    def wrap(method):
        def forgiving(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("The cache is unavailable (%s): %s() answered as a miss", error, method.__name__)
                return fallback(*args) if callable(fallback) else fallback

        return forgiving

    return wrap


class ForgivingRedisCacheClient(RedisCacheClient):
    get = missing(lambda key, default: default)(RedisCacheClient.get)
    get_many = missing({})(RedisCacheClient.get_many)
    has_key = missing(False)(RedisCacheClient.has_key)
    add = missing(False)(RedisCacheClient.add)
    set = missing(None)(RedisCacheClient.set)
    set_many = missing([])(RedisCacheClient.set_many)
    touch = missing(False)(RedisCacheClient.touch)
    delete = missing(False)(RedisCacheClient.delete)
    delete_many = missing(None)(RedisCacheClient.delete_many)


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient
