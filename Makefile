# The front door. `make demo` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := shared $(wildcard services/*-svc) services/ltc-runtime
PYPROJECTS := $(addsuffix /pyproject.toml,$(PACKAGES))
SOURCES := shared $(wildcard services/*/src services/*/tests) tests bench
TEST_DIRS := shared/tests $(wildcard services/*/tests) tests

.PHONY: install demo test unit integration lint format typecheck infra-up \
	infra-down up down rebuild bench clean

install: $(STAMP)

$(STAMP): requirements-dev.txt $(PYPROJECTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

demo: install
	$(BIN)/ltc demo --json .local/demo-figures.json

lint: install
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

format: install
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

# Each tests folder is checked on its own: they all have a conftest module.
typecheck: install
	$(BIN)/mypy shared/src $(wildcard services/*/src) bench
	for dir in $(TEST_DIRS); do $(BIN)/mypy $$dir || exit 1; done

unit: install
	$(BIN)/pytest -m "not integration" shared services tests

infra-up:
	deploy/local/postgres.sh up
	deploy/local/kafka.sh up

infra-down:
	-deploy/local/kafka.sh stop
	-deploy/local/postgres.sh stop

integration: install infra-up
	LTC_REQUIRE_INTEGRATION=1 $(BIN)/pytest -m integration tests; \
	status=$$?; $(MAKE) -s infra-down; exit $$status

test: lint typecheck unit integration

up: install infra-up
	deploy/local/services.sh start

down:
	-deploy/local/services.sh stop
	$(MAKE) -s infra-down

# Project the read models again from the topics, with the reporting stage paused.
rebuild: install
	deploy/local/services.sh stop reporting
	. deploy/local/env.sh && LTC_MODE=distributed $(BIN)/ltc rebuild
	deploy/local/services.sh start reporting

bench: install infra-up
	$(BIN)/python -m bench; status=$$?; $(MAKE) -s infra-down; exit $$status

clean:
	rm -rf .local $(VENV)
