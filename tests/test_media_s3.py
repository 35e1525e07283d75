"""Images in S3-compatible object storage (django-storages, as alatau/settings.py configures it with
DJANGO_S3_BUCKET), against a local S3 emulator: moto's server, from requirements-dev.txt."""

import itertools
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.template import Context, Template

from .factories import image_file, make_image
from .test_serving import free_port
from .tools import require

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
BUCKETS = itertools.count(1)
KEYS = {"access_key": "testing", "secret_key": "testing"}
YEAR = "public, max-age=31536000, immutable"
# alatau/settings.py's OPTIONS apart from those its DJANGO_S3_* variables give (checked below).
FIXED_OPTIONS = {
    "querystring_auth": False,
    "default_acl": None,
    "file_overwrite": True,
    "object_parameters": {"CacheControl": YEAR, "ContentDisposition": "inline"},
}


def answers(address, server):
    """Whether the emulator answers within ten seconds."""
    for _ in range(100):
        if server.poll() is not None:
            return False
        try:
            urllib.request.urlopen(address + "/moto-api/", timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    """The address of a moto S3 server of this module's own."""
    require(MOTO_SERVER.exists(), "moto's server (moto_server)", "install requirements-dev.txt (moto[server])")
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    # It logs every request: to a file, as a pipe nobody reads would fill up and stop it.
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as output:
        server = subprocess.Popen([MOTO_SERVER, "-H", "127.0.0.1", "-p", str(port)], stdout=output, stderr=output)
    try:
        started = answers(address, server)
        require(started, "A running S3 emulator", f"moto_server did not start: {log.read_text()[-500:]}")
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(emulator, settings):
    """An empty bucket, and STORAGES["default"] on it with the options of alatau/settings.py."""
    name = f"media-{next(BUCKETS)}"
    keys = {"aws_access_key_id": KEYS["access_key"], "aws_secret_access_key": KEYS["secret_key"]}
    s3 = boto3.resource("s3", endpoint_url=emulator, region_name="us-east-1", **keys)
    s3.create_bucket(Bucket=name)
    # Visitors read the images: in production the bucket's policy (or the CDN in front) allows it, as here.
    public_read = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
    s3.BucketPolicy(name).put(Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]}))
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": emulator,
                "region_name": "us-east-1",
                **KEYS,
                "custom_domain": None,
                **FIXED_OPTIONS,
            },
        }
    }
    yield s3.Bucket(name)
    s3.Bucket(name).objects.all().delete()
    s3.Bucket(name).delete()


def test_the_options_here_are_those_of_the_settings():
    """The fixture copies alatau/settings.py's OPTIONS: the copy must not drift from the original."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "alatau.settings", "DJANGO_S3_BUCKET": "registry", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    configured = json.loads(done.stdout)["default"]
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["OPTIONS"] == FIXED_OPTIONS | {
        "bucket_name": "registry",
        "endpoint_url": None,
        "region_name": None,
        "access_key": None,
        "secret_key": None,
        "custom_domain": None,
    }


def stored(bucket):
    return {item.key: bucket.Object(item.key) for item in bucket.objects.all()}


@pytest.mark.django_db
def test_an_image_and_its_renditions_are_stored_in_the_bucket_by_type_and_cached_for_a_year(bucket, project):
    image = make_image(project)
    names = [image.image.name, *image.image.rendition_names()]
    objects = stored(bucket)
    assert sorted(objects) == sorted(names)
    assert len(names) == 7
    for name, item in objects.items():
        assert item.content_type == ("image/webp" if name.endswith(".webp") else "image/jpeg"), name
        assert item.cache_control == YEAR
        assert item.content_disposition == "inline"


@pytest.mark.django_db
def test_a_png_is_stored_as_png(bucket, project):
    image = make_image(project, image=image_file(image_format="PNG", colour=(0, 0, 0, 0)))
    types = {name: item.content_type for name, item in stored(bucket).items()}
    assert types[image.image.name] == "image/png"
    assert sorted(set(types.values())) == ["image/png", "image/webp"]


@pytest.mark.django_db
def test_the_picture_tag_points_at_the_bucket_and_each_address_answers_with_the_image(bucket, emulator, project):
    image = make_image(project)
    html = Template("{% load pictures %}{% picture image.image alt='A' %}").render(Context({"image": image}))
    urls = re.findall(r'https?://[^\s",]+', html)  # src and every srcset candidate
    assert len(set(urls)) == 6, html  # 320, 640 and 800 px, in WebP and in JPEG
    prefix = f"{emulator}/{bucket.name}/"
    for url in urls:
        assert url.startswith(prefix), url
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] in ("image/webp", "image/jpeg")
            assert response.headers["Cache-Control"] == YEAR


@pytest.mark.django_db
def test_deleting_an_image_removes_it_and_its_renditions_from_the_bucket_once_committed(
    bucket, project, django_capture_on_commit_callbacks
):
    kept = make_image(project)
    image = make_image(project)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()
    assert len(stored(bucket)) == 14  # nothing leaves the bucket before the deletion is committed
    for callback in callbacks:
        callback()
    assert sorted(stored(bucket)) == sorted([kept.image.name, *kept.image.rendition_names()])


@pytest.mark.django_db
def test_replacing_an_image_removes_the_former_one_from_the_bucket_once_committed(
    bucket, project, django_capture_on_commit_callbacks
):
    image = make_image(project)
    with django_capture_on_commit_callbacks(execute=True):
        image.image = image_file(1000, 500, colour=(200, 10, 10))
        image.save()
    assert sorted(stored(bucket)) == sorted([image.image.name, *image.image.rendition_names()])
