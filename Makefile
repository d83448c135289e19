# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test check venv bench bench-postgres hostile fuzz bytecode clean messages translations

run: $(STAMP) bytecode
	$(BIN)/secsc $(ARGS)

# Parallel: -n auto is two workers per core (tests/conftest.py says why). Work
# stealing: a worker that runs out takes tests queued for another, so one slow
# file (a pty or CLI test takes a hundred times a core test) does not end the run alone.
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# Lint, format and types: ruff and mypy are in the test extras; their settings are in pyproject.toml.
check: $(TEST_STAMP)
	$(BIN)/python -m ruff check secsc_tui tests benchmarks
	$(BIN)/python -m ruff format --check secsc_tui tests benchmarks
	$(BIN)/python -m mypy

venv: $(STAMP)

# Translations (secsc_tui/i18n.py): `make messages` extracts every _(), N_() and
# ngettext() text (tools/extract_messages.py) and merges it into each language's .po;
# translate there, then `make translations` compiles the .mo that the app reads.
# Both .po and .mo are committed; a test fails when the .mo lags behind the .po.
LOCALE := secsc_tui/locale
messages: $(TEST_STAMP)
	$(BIN)/python tools/extract_messages.py secsc_tui $(LOCALE)/secsc.pot
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -D secsc -d $(LOCALE) -i $(LOCALE)/secsc.pot

translations: $(TEST_STAMP)
	$(BIN)/pybabel -q compile --statistics -D secsc -d $(LOCALE)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(MAKE) --no-print-directory bytecode
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

bench: $(STAMP) bytecode
	$(BIN)/python benchmarks/bench_core.py

# SQLite beside PostgreSQL (the local server): import, list, and 8 writers × 500 saves.
bench-postgres: $(TEST_STAMP) bytecode
	$(BIN)/python benchmarks/bench_store_backends.py

# `secsc validate` on 5 MB files of the worst shapes: time and peak memory of each.
hostile: $(STAMP) bytecode
	$(BIN)/python benchmarks/bench_hostile.py

# The long fuzz run of the YAML reader, by hand (a short one is in the test suite).
FUZZ_MINUTES ?= 5
fuzz: $(TEST_STAMP)
	$(BIN)/python tests/fuzz/fuzz_reader.py --minutes $(FUZZ_MINUTES)

# Compiled modules up front: start-up must not pay for compiling secsc's own
# sources (pip compiles the dependencies; an editable install leaves ours).
bytecode:
	$(BIN)/python -m compileall -q secsc_tui

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
