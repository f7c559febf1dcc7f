# Quartier: the README's commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(CURDIR)/$(PY)
export UV_NO_PROGRESS := 1
# The PostgreSQL server `make test-postgres` and `make ci` run the suite against.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
PYTEST_WORKERS ?= 2
# The days `make test-dates` runs the date-sensitive tests on (QUARTIER_TEST_TODAY): 31
# December, a leap day, and the last day of the test projects' funded period (long after
# every demo seed's real period ended). tests/demo/test_demo_periods.py pins the demo
# also to the day before a seed project's real start.
TEST_DATES ?= 2026-12-31 2028-02-29 2029-12-31
# django-upgrade over our Python (not the migrations), without the django_urls fixer: its
# re_path→path in stadtteilplan/hsds/urls.py matches the same URLs but changes the route
# listing's sample path. It exits non-zero when it rewrote (or, with --check, would rewrite) a file.
PY_FILES = $(shell find config quartier tests e2e bench scripts -name '*.py' -not -path '*/migrations/*') manage.py
DJANGO_UPGRADE := $(VENV)/bin/django-upgrade --target-version 6.1 --skip django_urls
# djade, the template formatter, over every template; like django-upgrade, it exits
# non-zero when it rewrote a file (so `make format` ignores its status).
TEMPLATES = $(shell find quartier -path '*/templates/*' -name '*.html')
DJADE := $(VENV)/bin/djade --target-version 6.1
# The staff UI's languages, the residents' languages of the public map, plain German.
LOCALES := de en tr ar uk ru ro bg de_LS

.PHONY: help install install-prod install-dev pdf-libs demo serve worker test test-dates test-postgres test-e2e browser lint format ci bench messages clean

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	@py=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV) ## Create the virtual environment from the lock file (runtime only)
	$(UV) sync --locked --inexact --no-dev
	@$(MAKE) --no-print-directory pdf-libs

install-prod: $(UV) ## The runtime packages plus the production ones (gunicorn, psycopg, redis)
	$(UV) sync --locked --inexact --no-dev --group prod
	@$(MAKE) --no-print-directory pdf-libs

install-dev: $(UV) ## The environment with everything tests and lint need
	$(UV) sync --locked --inexact
	@$(MAKE) --no-print-directory pdf-libs

pdf-libs: ## Pango for WeasyPrint (PDFs), from the system's packages if it is missing
	@if $(PY) -c "import weasyprint" 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "Installing Pango for the PDFs (apt-get)"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	else echo "WeasyPrint needs Pango: install it with your package manager (see docs/deployment.md)" >&2; fi

demo: install ## Install, migrate, load the demo data and serve it on http://127.0.0.1:8000 (with the worker)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_logins
	@# The scheduler and the worker run beside the server; Ctrl-C (or the server ending)
	@# stops all three.
	@$(PY) manage.py run_scheduler & scheduler=$$!; \
	$(PY) manage.py run_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null; wait $$scheduler $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

serve: ## Serve without reinstalling or reseeding
	$(PY) manage.py runserver 127.0.0.1:8000

worker: ## The scheduler and the background worker, until Ctrl-C
	@$(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT; \
	$(PY) manage.py run_worker

test: install-dev ## Run the whole suite on SQLite
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

test-dates: install-dev ## The date-sensitive tests (-m date_sensitive) on each of TEST_DATES
	@for day in $(TEST_DATES); do \
	  echo "== tests on $$day"; \
	  QUARTIER_TEST_TODAY=$$day $(PY) -m pytest -m date_sensitive -n $(PYTEST_WORKERS) -q || exit 1; \
	done

test-postgres: install-dev ## Run the suite again on the PostgreSQL server at POSTGRES_URL
	@POSTGRES_URL='$(POSTGRES_URL)' $(PY) scripts/postgres_ready.py
	DATABASE_URL='$(POSTGRES_URL)' QUARTIER_TEST_DB_SUFFIX=$$$$ $(PY) -m pytest -n $(PYTEST_WORKERS) -q

browser: ## Install Debian's Chromium for the browser tests, if it is missing
	@if [ -x "$(CHROMIUM)" ]; then echo "Chromium: $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Chromium and set CHROMIUM=/path/to/chromium" >&2; exit 1; fi

test-e2e: install-dev browser ## Browser tests in real Chromium
	CHROMIUM=$$(command -v chromium || echo $(CHROMIUM)) $(PY) -m pytest e2e -m e2e -q -p no:xdist

lint: install-dev ## ruff, django-upgrade, djade, import contracts, migrations, deploy check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DJANGO_UPGRADE) --check $(PY_FILES)
	$(DJADE) --check $(TEMPLATES)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -r quartier config -lll  # attack: fails on a high-severity finding
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	  ALLOWED_HOSTS=quartier.example.org $(PY) manage.py check --deploy --fail-level WARNING

format: install-dev ## Fix formatting, what ruff can fix, old Django idioms, template layout
	$(DJANGO_UPGRADE) $(PY_FILES) || true
	$(DJADE) $(TEMPLATES) || true
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

ci: lint test test-dates test-postgres test-e2e prod-smoke ## What CI runs: lint, SQLite, fixed dates, PostgreSQL, browser, the production set-up

# --- bench: one command for every benchmark (bench/all.py) ---
# BENCH_ARGS, e.g. "--participants 1000000", "--only run --engine sqlite"; see docs/benchmarks.md.
bench: install-dev ## Every benchmark on SQLite and PostgreSQL, one table: bench/results.md
	$(PY) bench/all.py $(BENCH_ARGS)
# --- end bench ---

messages: install-dev ## Update and compile the translations (needs gettext)
	cd quartier && ../$(PY) ../manage.py makemessages $(LOCALES:%=-l %) --no-obsolete --no-wrap --ignore "migrations/*"
	$(PY) manage.py compilemessages $(LOCALES:%=-l %) --ignore ".venv/*"

clean: ## Remove the environment and local data
	rm -rf $(VENV) var/*.sqlite3*

# --- prodlocal: production set-up on one machine (issue 16) ---
.PHONY: prod-local prod-smoke nginx

nginx: ## Install Debian's nginx (the reverse proxy of make prod-local), if it is missing
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "Installing nginx for make prod-local (apt-get)"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && { DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nginx-light >/dev/null \
	    || DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nginx >/dev/null; }; \
	else echo "make prod-local needs nginx: install it with your package manager" >&2; exit 1; fi

prod-local: install-dev nginx ## PostgreSQL, 2 gunicorn app servers behind nginx, worker, scheduler on loopback (Ctrl-C stops)
	$(PY) scripts/prod_local.py start

prod-smoke: install-dev nginx ## Start prod-local detached, a few requests through the proxy, stop
	@if $(PY) scripts/prod_local.py status >/dev/null; then running=1; else running=0; \
	  $(PY) scripts/prod_local.py start --detach || exit 1; fi; \
	$(PY) scripts/prod_local.py smoke; rc=$$?; \
	[ $$running = 1 ] || $(PY) scripts/prod_local.py stop; exit $$rc
# --- end prodlocal ---

# --- loadtest: make loadtest (issue 16) ---
.PHONY: loadtest
loadtest: install-dev nginx ## Load and fault tests against prod-local (started if not running), on loopback
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)
# --- end loadtest ---
