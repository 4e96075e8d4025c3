# The inner loop. `make check` runs what .ci/run runs, in the existing .venv (made once
# by `make venv`); .ci/run is the same from a clean checkout.
PY := .venv/bin/python
BIN := .venv/bin

.PHONY: check venv format lint imports types test test-fast

check: format lint imports types test

venv: $(PY)
$(PY):
	python3 -m venv .venv
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'

format: $(PY)
	$(BIN)/ruff format --check .

lint: $(PY)
	$(BIN)/ruff check .

imports: $(PY)
	$(BIN)/lint-imports

types: $(PY)
	$(BIN)/mypy --strict coordinator
	$(BIN)/mypy tests  # the tests too (see pyproject: [tool.mypy])

test: $(PY)
	$(PY) -m pytest -n 4

# Everything but the slow end-to-end checks (tmux, Chromium, khal, Radicale).
test-fast: $(PY)
	$(PY) -m pytest -n 4 -m "not slow"
