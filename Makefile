# Alatau City district registry. `make run` serves the seeded portal; `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2

# Django 6.1 needs Python 3.12 or newer. Look for one where CI machines and pyenv put it:
# python3.13/python3.12 on PATH, pyenv (honouring .python-version), pyenv's versions
# folder, then plain python3.
define FIND_PYTHON
for c in python3.13 python3.12 "$$(pyenv which python3 2>/dev/null)" \
         $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
  if [ -n "$$c" ] && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    command -v "$$c"; exit 0; \
  fi; \
done; exit 1
endef

.PHONY: help run serve backup restore test test-tools reliability lint format messages clean bench bench-images

help:
	@echo "make run         serve the seeded portal on http://127.0.0.1:$(PORT) (SQLite unless DATABASE_URL is set)"
	@echo "make serve       serve in production mode (the variables of README's Production section; BIND=127.0.0.1:$(PORT))"
	@echo "make backup      write the database and the media into one archive in backups/ (BACKUP_DIR=...)"
	@echo "make restore     restore BACKUP=<archive> into an empty database and the media folder"
	@echo "make test        run the whole test suite (installs the browser-test tools it can)"
	@echo "make test-tools  install what the browser tests need: Chromium, Java, axe-core, vnu-jar"
	@echo "make reliability faults against real servers (database down, worker killed, disk read-only, bad fixture), fuzzing"
	@echo "make lint        ruff (lint and format check), manage.py check, makemigrations --check"
	@echo "make format      apply ruff's fixes and formatting"
	@echo "make messages    refresh the kk/ru/en catalogues from the code and compile them (needs GNU gettext)"
	@echo "make clean       remove .venv, collected static files, node_modules and caches"
	@echo "make bench       load-test the portal on PostgreSQL with wrk (BENCH_SIZES, BENCH_SECONDS); writes bench/results.md"
	@echo "make bench-images time and peak memory to clean a 24-megapixel JPEG and cut its renditions; writes bench/images.md"

$(VENV)/.run-installed: requirements.txt
	@python="$$($(FIND_PYTHON))" || { \
	  echo "No Python 3.12 or newer found (Django 6.1 needs it)."; \
	  echo "Install one, e.g. 'pyenv install 3.13', or put python3.12/python3.13 on PATH."; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	  rm -rf $(VENV) && "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# `make run` is production mode too (debug off), which refuses the development key settings.py publishes: this
# checkout gets a secret of its own, made once and kept out of git (sessions survive a restart).
.local-secret-key: | $(VENV)/.run-installed
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: $(VENV)/.run-installed .local-secret-key
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_registry
	$(PY) manage.py draw_illustrations
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (stop with Ctrl+C)."
	@echo "Create an admin account for /admin/ with: $(PY) manage.py createsuperuser"
	@echo
	DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .local-secret-key)}" $(VENV)/bin/gunicorn --config gunicorn.conf.py alatau.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS)

# Production (README "Production"): debug off whatever the shell says, HTTPS on unless DJANGO_HTTPS=0. Refuses to
# start without the production variables (alatau/deployment.py) or on a database its migrations have not reached:
# migrating is a step of its own, once per release after `make backup` (servers started together would race).
BIND ?= 127.0.0.1:$(PORT)
serve: export DJANGO_DEBUG = 0
serve: $(VENV)/.run-installed
	@$(PY) -m alatau.deployment
	@$(PY) manage.py migrate --check || { echo "The database is not migrated to this code (or unreachable, see above)." \
	  "Back it up and migrate it first: make backup && $(PY) manage.py migrate"; exit 1; }
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config gunicorn.conf.py alatau.wsgi --bind $(BIND)

# The database (pg_dump, or SQLite's online backup) and the local media folder in one archive (alatau/backups.py).
backup: $(VENV)/.run-installed
	$(PY) manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore: $(VENV)/.run-installed
	@[ -n "$(BACKUP)" ] || { echo "Name the archive: make restore BACKUP=backups/alatau-<date>.tar.gz"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"

test: $(VENV)/.dev-installed test-tools
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(VENV)/bin/pytest

# The reliability suite (tests/reliability/, left out of `make test`): gunicorn servers on a PostgreSQL cluster
# it makes and deletes itself (ports 5541-5549, never the machine's own), run as root; 2-5 minutes.
reliability: $(VENV)/.dev-installed
	$(VENV)/bin/pytest tests/reliability

# The browser tests need Chromium, Java (for the Nu HTML Checker) and the npm test tools
# (axe-core, vnu-jar). They are installed where possible; where not, the tests that need
# them are skipped with a message saying how to install them (under CI=true they fail).
test-tools:
	@if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium and Java with apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null) \
	      || echo "Could not install Chromium and Java: the browser tests will say what they skipped."; \
	  else \
	    echo "Chromium or Java is missing (apt-get install chromium default-jre-headless): browser tests will be skipped."; \
	  fi; \
	fi
	@if command -v npm >/dev/null; then \
	  [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error \
	    || echo "npm ci failed: the accessibility and HTML checks will be skipped."; \
	else \
	  echo "npm is missing: the accessibility and HTML checks will be skipped."; \
	fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Interface translations: update locale/*/django.po from the code, then compile the .mo files
# that are committed (so `make run` needs no gettext). Needs GNU gettext (apt-get install gettext).
messages: $(VENV)/.run-installed
	$(PY) manage.py makemessages -l ru -l kk -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) staticfiles node_modules .pytest_cache .ruff_cache

# A load benchmark on PostgreSQL (127.0.0.1:5432, database alatau_bench) with gunicorn and wrk: see bench/run.py.
# BENCH_SIZES=1000 BENCH_SECONDS=3 make bench is a quick run; the full one takes about 15 minutes.
bench: $(VENV)/.run-installed
	$(PY) bench/run.py

# Time and peak memory to clean a 24-megapixel camera JPEG and draw its renditions: see bench/images.py.
bench-images: $(VENV)/.run-installed
	$(PY) bench/images.py
