# Länsmedel. `make run` sets everything up and serves the demo; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# Django 6 needs Python 3.12+: take the first interpreter that is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	$(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3 \
	/usr/local/bin/python3.1[23] /usr/bin/python3.1[23]; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; \
	done)

.PHONY: run install migrate seed test lint messages vendor clean bench load bench-data bench-data-small

run: install migrate seed
	@echo "Serving on http://$(HOST_PORT)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST_PORT)

install: $(VENV)/.installed locale/sv/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (set PYTHON=/path/to/python3.12)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(PY) manage.py compilemessages --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput

seed: install
	$(PY) manage.py load_agreement_2025
	$(PY) manage.py load_history
	$(PY) manage.py load_decisions
	$(PY) manage.py load_followup_dalarna
	$(PY) manage.py load_deadlines
	$(PY) manage.py load_demo_users
	$(PY) manage.py load_retention_schedule
	$(PY) manage.py open_next_year --year 2026
	$(PY) manage.py signing_certificate_create

# One worker per core; each test file stays on one worker (its module fixtures are built once).
PYTEST_WORKERS ?= auto
test: install node_modules/.installed
	$(PY) -m pytest -p tests.xdist_isolation -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

messages: install
	$(PY) manage.py makemessages -l sv -l en --no-obsolete --add-location file -i '.venv/*' -i 'node_modules/*'
	$(PY) manage.py compilemessages --verbosity 0

# Benchmarks on PostgreSQL (docs/performance.md): the national data set is generated once,
# and a fifth of it (60 applications per county and year) in a second database, for growth.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lansmedel_bench
BENCH_SMALL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lansmedel_bench_small
BENCH_ENV := DATABASE_URL=$(or $(DATABASE_URL),$(BENCH_DATABASE_URL)) DJANGO_SETTINGS_MODULE=benchmarks.settings
BENCH_SMALL_ENV := DATABASE_URL=$(BENCH_SMALL_DATABASE_URL) DJANGO_SETTINGS_MODULE=benchmarks.settings
BENCH_OUT ?= var/bench
# The floor and the mix for --run-time each, then the step load (--steps, --step-time);
# gunicorn as config/gunicorn.py has it unless --workers/--threads say otherwise.
LOAD_ARGS ?= --run-time 2m

$(VENV)/.bench-installed: pyproject.toml | $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench-data: install $(VENV)/.bench-installed
	$(BENCH_ENV) $(PY) -m benchmarks.createdb
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v 0
	$(BENCH_ENV) $(PY) manage.py generate_dataset --if-missing

bench-data-small: install $(VENV)/.bench-installed
	$(BENCH_SMALL_ENV) $(PY) -m benchmarks.createdb
	$(BENCH_SMALL_ENV) $(PY) manage.py migrate --noinput -v 0
	$(BENCH_SMALL_ENV) $(PY) manage.py generate_dataset --if-missing --applications 60

bench: bench-data bench-data-small
	@mkdir -p $(BENCH_OUT)
	$(BENCH_SMALL_ENV) $(PY) -m benchmarks.run --pages-only --json $(BENCH_OUT)/small.json > $(BENCH_OUT)/small.txt
	$(BENCH_ENV) $(PY) -m benchmarks.run --compare $(BENCH_OUT)/small.json --json $(BENCH_OUT)/full.json $(BENCH_ARGS)

load: bench-data
	@mkdir -p $(BENCH_OUT)
	$(BENCH_ENV) $(PY) -m benchmarks.load --json $(BENCH_OUT)/load.json $(LOAD_ARGS)

vendor: node_modules/.installed
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) node_modules var staticfiles
