# Every target installs into .venv first, so a fresh clone needs only
# Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install demo test lint format bench neo4j clean

# The Neo4j tests start a server that needs Java 17+ and Maven (see
# tests/neo4j_server.py). Without them pytest skips those tests, or fails
# them when CI=true.
NEO4J_TOOLS_NOTE := Note: java or mvn is missing, so pytest skips the Neo4j tests (and fails them when CI=true). Install both with: sudo apt-get install -y openjdk-17-jre-headless maven

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "partnergraph needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/partnergraph demo --port $(PORT)

test: $(STAMP)
	@command -v java >/dev/null && command -v mvn >/dev/null || echo "$(NEO4J_TOOLS_NOTE)"
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# A Neo4j server on bolt://127.0.0.1:$(NEO4J_PORT) with auth off, data in
# .cache/neo4j/data, until Ctrl-C.
NEO4J_PORT ?= 7687
neo4j: $(STAMP)
	$(BIN)/python -m tests.neo4j_server --port $(NEO4J_PORT)

clean:
	rm -rf $(VENV) demo .pytest_cache .ruff_cache .hypothesis
