# Compendium: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
                      $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) \
                      $(shell command -v python3.13 python3.12 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run migrate demo test test-postgres check deploy-check bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.13 or 3.12 not found; set PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo --demo-users

run: demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install
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
