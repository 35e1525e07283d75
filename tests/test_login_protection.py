"""Signing in to the Project Office: django-axes locks a username at an address after five failures, before any
password is hashed; superusers see and lift the locks; the client's address cannot be forged; the admin can
move and is not advertised; a session ends after a working day without a request."""

import importlib
import json
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test.utils import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from django.utils.module_loading import import_string

import alatau.urls

from . import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # factories.make_user's


@pytest.fixture(autouse=True)
def cool_off(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings.AXES_COOLOFF_TIME


@pytest.fixture
def user(db):
    return factories.make_editor()


@pytest.fixture
def hashings(monkeypatch, settings):
    """The names of the password hasher's methods as they run: checking a password, or hashing one (which
    Django does for an unknown username, to take as long)."""
    hasher = import_string(settings.PASSWORD_HASHERS[0])
    calls = []
    for name in ("verify", "encode"):
        original = getattr(hasher, name)

        def counted(self, *args, _original=original, _name=name):
            calls.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(hasher, name, counted)
    return calls


def sign_in(client, username, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        headers={"Accept-Language": "en", **extra.pop("headers", {})},
        **extra,
    )


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


def lock(client, username, **extra):
    """Five failed sign-ins: the fifth is already answered with the lockout page."""
    responses = [sign_in(client, username, "wrong", **extra) for _ in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]


def read_settings(names, **environment):
    """Settings as the portal reads them from this environment, in a fresh process."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}))"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "alatau.settings", "DJANGO_DEBUG": "1", **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_five_failures_lock_the_next_attempt_before_the_password_is_hashed(client, user, hashings):
    lock(client, user.username)
    assert hashings.count("verify") == 5  # a failure runs the hasher: counting its runs sees the difference
    hashings.clear()

    response = sign_in(client, user.username, "wrong")

    assert response.status_code == 429
    assert hashings == []
    page = response.content.decode()
    assert "Signing in to it from here is locked for 15 minutes" in page
    assert "ask a Project Office administrator" in page
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]


def test_the_right_password_is_refused_while_locked(client, user, hashings):
    lock(client, user.username)
    hashings.clear()
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert hashings == []
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_locked_username_written_differently_is_refused_by_the_authentication_backend(client, user, hashings):
    # The login view's early check sees " user1 "; the form strips it, and the axes backend refuses "user1".
    lock(client, user.username)
    hashings.clear()
    assert sign_in(client, f" {user.username} ", PASSWORD).status_code == 429
    assert hashings == []


def test_an_unknown_username_is_locked_too_and_then_costs_no_hashing(client, hashings):
    lock(client, "nobody")
    hashings.clear()
    assert sign_in(client, "nobody", "wrong").status_code == 429
    assert hashings == []


def test_the_lock_holds_one_username_at_one_address(client, user):
    lock(client, user.username)
    other = factories.make_editor()
    assert signed_in(sign_in(client, other.username, PASSWORD))
    client.logout()
    assert signed_in(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.7"))


def test_the_lock_ends_after_the_cool_off(client, user, cool_off):
    lock(client, user.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(seconds=1))
    assert signed_in(sign_in(client, user.username, PASSWORD))
    assert not AccessAttempt.objects.exists()


def test_attempts_while_locked_do_not_extend_the_lock(client, user, cool_off):
    lock(client, user.username)
    started = timezone.now() - cool_off + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=started)
    assert sign_in(client, user.username, "wrong").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == started


def test_a_superuser_sees_the_lock_and_lifts_it_by_deleting_it(client, admin_client, user):
    lock(client, user.username)
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert user.username in listing.content.decode()
    assert AccessFailureLog.objects.filter(username=user.username, locked_out=True).exists()
    assert admin_client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200

    attempt = AccessAttempt.objects.get(username=user.username)
    response = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(client, user.username, PASSWORD))


def test_editors_neither_see_nor_lift_locks(client, editor_client, user):
    lock(client, user.username)
    attempt = AccessAttempt.objects.get()
    for name in ("accessattempt", "accessfailurelog", "accesslog"):
        assert editor_client.get(reverse(f"admin:axes_{name}_changelist")).status_code == 403
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.exists()
    assert reverse("admin:app_list", args=["axes"]) not in editor_client.get(reverse("admin:index")).content.decode()


def test_a_forged_x_forwarded_for_does_not_dodge_the_lock_when_not_behind_a_proxy(client, user, hashings):
    for n in range(5):
        sign_in(client, user.username, "wrong", headers={"X-Forwarded-For": f"203.0.113.{n}"})
    hashings.clear()
    response = sign_in(client, user.username, PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"})
    assert response.status_code == 429
    assert hashings == []
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("proxies", "chain"),
    [
        # One proxy (nginx) writes the address it received from: X-Forwarded-For is "<client>".
        ("1", "{client}"),
        # A CDN and then nginx: "<client>, <CDN>".
        ("2", "{client}, 192.0.2.50"),
    ],
)
def test_behind_proxies_each_client_is_locked_by_its_own_forwarded_address(client, settings, user, proxies, chain):
    names = ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"]
    for name, value in read_settings(names, DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_COUNT=proxies).items():
        setattr(settings, name, value)

    def forwarded(address, forged=""):
        # What a client writes into the header itself comes first; each proxy appends.
        return {"X-Forwarded-For": forged + chain.format(client=address)}

    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    lock(client, user.username, headers=forwarded("203.0.113.5"), **proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    # The locked client cannot dodge the lock by writing addresses of its own into the header...
    for forged in ("198.51.100.1, ", "198.51.100.1, 198.51.100.2, ", "not-an-address, "):
        response = sign_in(client, user.username, PASSWORD, headers=forwarded("203.0.113.5", forged), **proxy)
        assert response.status_code == 429
    # ...and another client behind the same proxy is not locked.
    assert signed_in(sign_in(client, user.username, PASSWORD, headers=forwarded("203.0.113.9"), **proxy))


def test_without_a_proxy_only_the_connection_address_counts():
    read = read_settings(["AXES_IPWARE_META_PRECEDENCE_ORDER"], DJANGO_PROXY_COUNT="2")
    assert read == {"AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"]}


def test_robots_txt_does_not_name_the_admin_and_the_admin_asks_not_to_be_indexed(client):
    robots = client.get(reverse("robots")).content.decode()
    assert "admin" not in robots.lower()
    assert django_settings.ADMIN_PATH.strip("/") not in robots
    login = client.get(reverse("admin:login")).content.decode()
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in login


@pytest.fixture
def admin_moved():
    """The URLs read again with the admin at another path, and put back afterwards."""
    with override_settings(ADMIN_PATH="office-7f3a/"):
        importlib.reload(alatau.urls)
        clear_url_caches()
        yield
    importlib.reload(alatau.urls)
    clear_url_caches()


def test_the_admin_path_setting_moves_the_admin(client, admin_moved):
    assert reverse("admin:login") == "/office-7f3a/login/"
    assert client.get("/office-7f3a/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


def test_the_admin_path_comes_from_the_environment():
    assert read_settings(["ADMIN_PATH"]) == {"ADMIN_PATH": "admin/"}
    assert read_settings(["ADMIN_PATH"], DJANGO_ADMIN_PATH="/office-7f3a") == {"ADMIN_PATH": "office-7f3a/"}


def test_a_staff_session_lasts_a_working_day_from_the_last_request(editor_client):
    session = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))  # seven hours after the last request

    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    session.refresh_from_db()
    assert abs(session.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert editor_client.get(reverse("admin:index")).status_code == 302


def test_visitors_get_no_session(client, complete_project):
    for url in (
        "/ru/",
        "/en/projects/",
        complete_project.get_absolute_url(),
        "/en/display/?mode=on&next=/en/",
        reverse("admin:login"),
    ):
        assert client.get(url).status_code in (200, 302)
    sign_in(client, "nobody", "wrong")
    assert django_settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()
