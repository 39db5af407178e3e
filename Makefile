# The README names these targets. Every target sets up what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Python 3.12+: python3.13 or python3.12 on PATH (if they run), else pyenv's versions.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000

# A production-like local run: DEBUG off, static files collected, gunicorn. Plain HTTP on
# loopback, so the HTTPS-only cookie and redirect settings are relaxed for it alone. The
# gunicorn workers share one cache (the local Redis unless CACHE_URL says otherwise): with a
# memory cache each, a change would show on one worker only.
SERVE_ENV := DEBUG=0 SECRET_KEY="$$(cat .secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	CACHE_URL="$${CACHE_URL:-redis://127.0.0.1:6379/1}"

.PHONY: help venv install lock chromium html-checker run test lint format serve loadtest audit bench bench-search mutants

help:
	@echo "make run    – set everything up and serve the portal with demo data on http://$(HOST):$(PORT)"
	@echo "make test   – set everything up and run the whole test suite"
	@echo "make lock   – resolve pyproject.toml's dependencies again into requirements.lock (hashes)"
	@echo "make lint   – ruff check, ruff format --check, lint-imports (the floors), makemigrations --check"
	@echo "make serve  – production-like: DEBUG off, collectstatic, gunicorn on http://$(HOST):$(PORT)"
	@echo "make bench  – 100,000 offers on PostgreSQL: search latency p50/p95, throughput vs a static file"
	@echo "make bench-search – relevance on the judged set (tests/search_judged/), SQLite and PostgreSQL"
	@echo "make audit  – Lighthouse (mobile, median of 3) on 4 pages + weight of /angebote/ (≤ 100 KB); reports in audit-results/"
	@echo "make mutants – mutation testing of the core modules (mutmut, SQLite; over an hour for all groups); kill rate per module"
	@echo "make loadtest – 60 s of 8 clients, PostgreSQL restarted in the middle (stops the local PostgreSQL briefly)"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (python3.13/python3.12 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Every install comes from the lock files, each package pinned with its hashes (pip refuses a
# file whose hash is not in the lock). pyproject.toml names the direct dependencies; `make lock`
# resolves them again (uv, from the dev extra) after a change there.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

venv install: $(VENV)/.installed

# Resolve pyproject.toml's dependencies again into the lock files (for Python 3.12 and newer, on
# every platform). The mutants lock keeps every version of the main lock.
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --quiet
lock: install
	$(UV_COMPILE) --extra dev -o requirements.lock
	$(UV_COMPILE) --extra dev --extra mutants -c requirements.lock -o requirements-mutants.lock

chromium:
	@scripts/install-chromium

# The Nu Html Checker for tests/test_html_valid.py: npm's vnu-jar, pinned with its hash in
# tools/vnu/package-lock.json (needs Java, which the machine has).
VNU_JAR := tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): tools/vnu/package-lock.json
	npm ci --prefix tools/vnu --no-audit --no-fund --loglevel=error
	touch $@

html-checker: $(VNU_JAR)

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_regions
	DEBUG=1 $(PY) manage.py demo_data --password-file .demo-password
	DEBUG=1 scripts/with-worker $(PY) $(PY) manage.py runserver $(HOST):$(PORT)

# The tests bring their own settings (bildungsregion/settings_test.py: DEBUG off) and run on
# TEST_WORKERS processes (pytest-xdist).
TEST_WORKERS ?= 2

test: install chromium html-checker
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.secret-key:
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

serve: install .secret-key
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_regions
	# After an update that changed how documents are built: the index follows the new code.
	$(SERVE_ENV) $(PY) manage.py check_search_index --fix
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) GUNICORN_BIND=$(HOST):$(PORT) scripts/with-worker $(PY) $(VENV)/bin/gunicorn bildungsregion.wsgi

# 60 s of 8 clients + 1 form client over the public pages, PostgreSQL restarted after 20 s
# (the local cluster; needs root for pg_ctlcluster). LOADTEST_ARGS e.g. --keep-db --duration 30
loadtest: install
	$(PY) scripts/loadtest.py $(LOADTEST_ARGS)

audit: install chromium .secret-key
	scripts/audit

# Needs the local PostgreSQL (BENCH_DATABASE_URL) and Redis; writes bench-results/bench.json.
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The judged search set on fresh test databases, SQLite and PostgreSQL (BENCH_SEARCH_DATABASE_URL,
# default the local server): recall@10, precision@10, zero-result rate, the failing queries;
# writes bench-results/bench-search.json. BENCH_SEARCH_ARGS e.g. --backends sqlite --quiet
bench-search: install
	$(PY) scripts/bench_search.py $(BENCH_SEARCH_ARGS)

$(VENV)/.installed-mutants: requirements-mutants.lock | $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-mutants.lock
	touch $@

# Mutation testing of the core modules, each group against its own tests (scripts/mutants.py).
# MUTANTS_ARGS e.g. "page_cache search --show"; results stay in .mutants/<group>/.
mutants: install $(VENV)/.installed-mutants
	$(PY) scripts/mutants.py $(MUTANTS_ARGS)
