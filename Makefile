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

.PHONY: run install migrate seed test lint messages vendor clean

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
	$(PY) manage.py load_demo_users

test: install node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

messages: install
	$(PY) manage.py makemessages -l sv -l en --no-obsolete --add-location file -i '.venv/*' -i 'node_modules/*'
	$(PY) manage.py compilemessages --verbosity 0

vendor: node_modules/.installed
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) node_modules var staticfiles
