# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
AUDIT_PORT ?= 8010
NODE_TOOLS := tests/browser/node

.PHONY: run test lint messages install install-dev collectstatic lock backup restore check-migrations browser-tools audit screenshots bench scale-demo deploy-check deploy-down

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the dependencies or the lock change.
# The locks carry hashes (pip refuses hashes in a constraints file): the pinned set with
# --require-hashes, then the project itself without resolving again.
$(VENV)/.installed: $(PY) pyproject.toml requirements.lock
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: export DJANGO_DEBUG ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_staff_login
	@echo "Serving the site at http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev browser-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# The Nu Html Checker for the browser tests (npm vnu-jar; needs Java to run). Without npm the
# HTML checks are skipped with a note, like the other browser tests without Chromium.
$(NODE_TOOLS)/node_modules/.checker: $(NODE_TOOLS)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(NODE_TOOLS) && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
		&& touch node_modules/.checker; \
	else echo "npm not found: HTML validity checks will be skipped (apt-get install npm)."; fi

# Lighthouse and the Node.js 22 it needs (npm package `node`, whose install script fetches the
# binary from the npm registry); only `make audit` uses them.
$(NODE_TOOLS)/node_modules/.audit: $(NODE_TOOLS)/package-lock.json
	cd $(NODE_TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
		&& npm rebuild node --loglevel=error
	touch $(NODE_TOOLS)/node_modules/.checker $@

browser-tools: $(NODE_TOOLS)/node_modules/.checker

# Lighthouse scores of the key pages into docs/quality.md (a report, not a CI gate).
audit: $(VENV)/.installed $(NODE_TOOLS)/node_modules/.audit
	$(PY) -m tests.browser.lighthouse --port $(AUDIT_PORT)

# Full-page screenshots of each public page type at 375 and 1280 px into docs/screenshots/.
screenshots: $(VENV)/.installed-dev browser-tools
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/browser/test_screenshots.py

# Style (ruff) and the import contracts of pyproject.toml [tool.importlinter] (lint-imports).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Extract UI strings into the ru/uz catalogues and compile them (needs GNU gettext).
messages: $(VENV)/.installed-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale ru --locale uz --no-obsolete --no-wrap \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'node_modules/*'
	cd pina && DJANGO_DEBUG=1 ../$(PY) ../manage.py compilemessages

# The whole site (database and media) as one encrypted set in the backup storage (backups/ or
# BACKUP_S3_BUCKET); needs BACKUP_GPG_PUBLIC_KEY. See docs/security.md, "Backups".
backup: export DJANGO_DEBUG ?= 1
backup: $(VENV)/.installed
	$(PY) manage.py backup_site

# make restore [SET=pina-YYYYmmdd-HHMMSS or a folder]  (the newest set by default; replaces
# everything; asks first unless YES=1)
restore: export DJANGO_DEBUG ?= 1
restore: $(VENV)/.installed
	$(PY) manage.py restore_site $(SET) $(if $(YES),--yes)

# Every migration can be undone: demo content, all apps back to zero, and forward again.
check-migrations: $(VENV)/.installed-dev
	.ci/migrations-roundtrip

# Load test: a large data set in its own database, gunicorn, wrk; writes docs/benchmarks.md.
# wrk is the Debian package `wrk`: installed here when missing and running as root.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing wrk (HTTP load generator) with apt-get"; \
	    apt-get install -y -q wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }; \
	  else echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; fi; }
	$(PY) -m tests.bench

# nginx on 127.0.0.1:8140 balancing two gunicorn instances, with PostgreSQL, Redis and media
# (docs/deploy.md); Ctrl-C stops it all. nginx is the Debian package, installed here if missing.
scale-demo: $(VENV)/.installed
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing nginx with apt-get"; \
	    apt-get install -y -q nginx >/dev/null || { apt-get update -q && apt-get install -y -q nginx; }; \
	  else echo "nginx is missing: sudo apt-get install -y nginx" >&2; exit 1; fi; }
	$(PY) -m tests.scale.demo

collectstatic: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput

# The single way to refresh the pins after changing pyproject.toml (pip-tools, a dev tool):
# requirements.lock holds the production dependencies only (the image installs it), and
# requirements-dev.lock those plus [dev], at the same versions (-c); both with hashes.
# Existing pins are kept unless pyproject.toml excludes them (UPGRADE=1 moves them all).
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-header --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	@test -x $(VENV)/bin/pip-compile || $(PIP) install --quiet 'pip-tools>=7.4,<8'
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

# The compose stack built and proven on this machine with Podman (deploy/smoke): KEEP=1 leaves
# it up and prints the front proxy's address last; `make deploy-down` stops it.
deploy-check:
	KEEP=$(KEEP) deploy/smoke

deploy-down:
	deploy/smoke --down
