# The README's two commands are `make run` and `make test`; the rest serve development.
SHELL := /bin/bash
PY := .venv/bin/python
DEMO_ENV := DEBUG=true PASSEND_REQUIRE_2FA=false

.PHONY: run test lint e2e bench fmt openapi

run:
	@bash scripts/venv.sh requirements.txt
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	@$(DEMO_ENV) $(PY) manage.py demo
	@echo "Passend draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	@# The worker for background work (exports) runs next to the server and stops with it.
	@$(DEMO_ENV) $(PY) manage.py db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test:
	@bash scripts/test.sh

lint:
	@bash scripts/venv.sh requirements-dev.txt
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=passend.conf.settings_test PYTHONPATH=src $(PY) manage.py makemigrations --check --dry-run

e2e:
	@bash scripts/venv.sh requirements-dev.txt
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund
	$(PY) -m pytest -q -m e2e

bench:
	@bash scripts/venv.sh requirements-dev.txt
	$(PY) bench/run.py

fmt:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

openapi:
	DJANGO_SETTINGS_MODULE=passend.conf.settings_test PYTHONPATH=src $(PY) manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn
