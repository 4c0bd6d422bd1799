# Compendium: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
                      $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) \
                      $(shell command -v python3.13 python3.12 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install checkers run migrate demo test test-postgres test-cluster check deploy-check bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.13 or 3.12 not found; set PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# The accessibility and validity checkers the tests run (axe-core in Chromium, the Nu Html
# Checker on Java), from the npm registry into the virtualenv: never committed, never a CDN.
CHECKERS := $(VENV)/npm/.installed
$(CHECKERS): | $(BIN)/python
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-save --no-audit --no-fund --ignore-scripts --prefix $(VENV)/npm \
	    axe-core@4.14.1 vnu-jar@26.9.27 && touch $(CHECKERS); \
	else echo "npm not found: the accessibility and validity tests will be skipped (they fail in CI)"; fi

checkers: $(CHECKERS)

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo --demo-users

run: demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install checkers
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-cluster

# The scale-out stack on loopback (tests/cluster/): two app servers behind nginx, on this
# machine's PostgreSQL and Redis and an S3 server; README, "Scaling out".
test-cluster: install
	$(BIN)/python -m pytest -m cluster tests/cluster $(CLUSTER_ARGS)

test-postgres: install checkers
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

deploy-check: install
	DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=compendium.example \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
