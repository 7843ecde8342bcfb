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

.PHONY: install messages run test lint format bench loadtest loadtest-scale stack stack-stop clean

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

# The production-shaped stack (scripts/prod_local.sh: nginx, two app servers, PostgreSQL,
# Redis, one Celery worker and one beat, S3) under 20 users of two districts for 60 s,
# figures per district; the stack is stopped afterwards (~3 min).
STACK_DB ?= tracker_prod
STACK_PORT ?= 8080
loadtest: messages
	DB=$(STACK_DB) PORT=$(STACK_PORT) scripts/prod_local.sh start
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(STACK_DB) $(BIN)/python scripts/loadtest.py \
	  --stack http://127.0.0.1:$(STACK_PORT) --out docs/BENCHMARKS.md; \
	  status=$$?; DB=$(STACK_DB) PORT=$(STACK_PORT) scripts/prod_local.sh stop; exit $$status

# gunicorn + PostgreSQL at full generated scale under 20 simulated users, then the item
# list alone (~15 min; uses wrk too when installed: apt-get install wrk).
loadtest-scale: messages
	$(BIN)/python scripts/loadtest.py --out docs/BENCHMARKS.md

stack: messages
	DB=$(STACK_DB) PORT=$(STACK_PORT) scripts/prod_local.sh start

stack-stop:
	DB=$(STACK_DB) PORT=$(STACK_PORT) scripts/prod_local.sh stop

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
