# Chef Circulair. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in e-mails of `make run` point at the port it serves on (unless SITE_URL is set).
SITE_URL ?= http://127.0.0.1:$(PORT)
TEST_WORKERS ?= 2
STAMP := $(VENV)/.installed
# The English catalogue, compiled from its .po when that is newer (the .mo is not committed).
CATALOGUE := locale/en/LC_MESSAGES/django.mo

.PHONY: accessibility-audit sso-demo run test test-fast lint format migrations-check ci venv serve worker bench bench-scale load clean browsers messages

$(STAMP): requirements.lock requirements-dev.lock
	@PYTHON=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$PYTHON"; $$PYTHON -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)

venv: $(STAMP)

$(CATALOGUE): locale/en/LC_MESSAGES/django.po | $(STAMP)
	@bin/check-gettext
	DEBUG=true $(PY) manage.py compilemessages --locale en --ignore '.venv' --ignore 'node_modules' --verbosity 0
	@touch $(CATALOGUE)

messages: $(CATALOGUE)  ## Compile the English catalogue (locale/en/LC_MESSAGES/django.po) when it changed.

run: $(STAMP) $(CATALOGUE)  ## Set up SQLite with guidance and demo data, then serve on 127.0.0.1:$(PORT) (no task worker: PDFs are made in the request; the scheduler ticks in the server).
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_guidance
	DEBUG=true $(PY) manage.py load_impact_factors
	DEBUG=true $(PY) manage.py load_criteria
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true TWO_FACTOR_STAFF_REQUIRED=false TASK_BACKEND=django.tasks.backends.immediate.ImmediateBackend \
		SCHEDULER_THREAD=true SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

SSO_PORT ?= 8081
sso-demo: $(STAMP)  ## After `make run` (in a second terminal): the tests' OpenID Connect provider on 127.0.0.1:$(SSO_PORT), connected to the demo organisation.
	@[ -d node_modules/oidc-provider ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	DEBUG=true $(PY) manage.py connect_sso_demo --issuer http://127.0.0.1:$(SSO_PORT)
	node dev/oidc-provider/server.mjs --port $(SSO_PORT) --client-id chefcirculair-demo \
		--client-secret sso-demo-client-secret --redirect-uri $(SITE_URL)/account/inloggen/sso/terug/ \
		--post-logout-redirect-uri $(SITE_URL)/account/inloggen/

test: $(STAMP) $(CATALOGUE)  ## The whole suite, browser tests and the Nu Html Checker included (set CI=true to make them mandatory).
	@bin/check-browser
	@bin/check-html-checker
	TESTING=true $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: $(STAMP) $(CATALOGUE)  ## Everything but the browser tests.
	TESTING=true $(PY) -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r chefcirculair lib organisations accounts rladder procurement kpis suppliers learning notifications api
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djlint templates --lint --quiet
	TESTING=true $(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	TESTING=true $(PY) manage.py makemigrations --check --dry-run

accessibility-audit: $(STAMP) $(CATALOGUE)  ## Record the axe crawl of the demo that the accessibility statements show (commit the JSON).
	@bin/check-browser
	CI=true TESTING=true RECORD_ACCESSIBILITY_AUDIT=1 $(PY) -m pytest -p no:randomly tests/browser/test_demo_pages.py

serve: $(STAMP) $(CATALOGUE)  ## Run as in production: gunicorn + the task worker (needs SECRET_KEY; see README, Production).
	bin/serve

bench: $(STAMP)  ## Page benchmarks on gunicorn against PostgreSQL and SQLite (prints figures).
	$(PY) bench/bench_pages.py $(BENCH_ARGS)

bench-scale: $(STAMP)  ## Scale benchmark: pages at 50, 500 and 5,000 trajectories among 100 organisations (PostgreSQL; prints figures).
	$(PY) bench/bench_scale.py $(BENCH_ARGS)

load: $(STAMP)  ## Load test: 50 simulated users for 60 s against gunicorn + PostgreSQL (LOAD_ARGS=--servers 2: two servers, two workers).
	$(PY) bench/load_test.py $(LOAD_ARGS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
