# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1
DEV_ENV := DJANGO_DEBUG=1
PYTEST_ARGS ?= -n auto -q
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key DJANGO_DEBUG=0 DJANGO_HTTPS=0

.PHONY: install messages run test lint format bench loadtest clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet '.[dev]'
	rm -rf build *.egg-info
	touch $@

install: $(VENV)/.installed

messages: install
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*' -v 0

run: messages
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/python manage.py seed_demo --address $(HOST):$(PORT)
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: messages
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Page timings and query counts on throwaway SQLite and PostgreSQL databases at full
# and one-tenth scale, then a city of 16 districts on PostgreSQL; rewrites the result
# tables of docs/BENCHMARKS.md (~15 min, plus ~15 min for the city).
bench: messages
	$(BIN)/python scripts/bench.py --db all --out docs/BENCHMARKS.md
	$(BIN)/python scripts/bench.py --city 16 --out docs/BENCHMARKS.md

# gunicorn + PostgreSQL under 20 simulated users, then the item list alone (~15 min;
# uses wrk too when installed: apt-get install wrk). Kept out of `make test`.
loadtest: messages
	$(BIN)/python scripts/loadtest.py --out docs/BENCHMARKS.md

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
