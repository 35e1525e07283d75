"""What a newcomer reads: the README names every setting, `make help` every target, and nothing in the
repository points at a file that is not in it."""

import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()


def tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.splitlines()]


def test_the_readme_configuration_table_names_every_variable_the_settings_read():
    source = (ROOT / "alatau" / "settings.py").read_text()
    read = set(re.findall(r'(?:environ\.get|env_bool|env_list|env_text)\(\s*"([A-Z_]+)"', source))
    read |= {"DATABASE_URL"}  # read by dj_database_url.config()
    assert len(read) > 10
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", table, re.M))
    assert read == documented


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    listed = set(re.findall(r"^make ([\w-]+)", shown, re.M))
    assert set(targets) - {"help"} == listed


def test_nothing_in_the_repository_names_a_document_that_is_not_in_it():
    names = {path.name for path in tracked_files()}
    dangling = []
    for path in tracked_files():
        if path.suffix in {".mo", ".png", ".json"} or not path.is_file():
            continue
        for name in re.findall(r"\b([\w-]+\.md)\b", path.read_text(errors="ignore")):
            if name not in names:
                dangling.append(f"{path.relative_to(ROOT)}: {name}")
    assert not dangling


def production_setting(name, **environment):
    """A setting as the portal reads it in production mode (debug off) with this environment."""
    code = f"import django.conf as c, django; django.setup(); print(repr(getattr(c.settings, {name!r})))"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "alatau.settings", **environment}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_is_off_unless_the_operator_asks_for_it():
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("SECURE_HSTS_PRELOAD", DJANGO_HSTS_PRELOAD="1") == "True"
