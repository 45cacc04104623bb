# One command to run the app, one to run the whole suite. Both create .venv on first use and
# reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_DISABLE_TELEMETRY := 1
export HF_HUB_OFFLINE := 1
export GRADIO_RUN_HISTORY := False

.PHONY: run test lint typecheck contracts pytest evals accuracy accuracy-gate accuracy-update bench clean

$(VENV)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python app.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# The layer contracts in pyproject.toml ([tool.importlinter]).
contracts: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# The eval suite against each case's scripted answers (the good model, then the weaker one in
# evals/models/weak/) and the committed baseline (exit 1 on a regression or a stale answer); the
# reports go to reports/evals/ and reports/evals-weak/ (git-ignored).
evals: $(VENV)/.installed-test
	$(BIN)/python -m assistant eval --model scripted --strict --report reports/evals
	$(BIN)/python -m assistant eval --model scripted:weak --strict --report reports/evals-weak

# Figures on real material (the shared postmortems, blame sentences and loghub samples, read
# from ../shared/data and never copied here). The gate fails when a figure falls below the
# committed scripts/accuracy.json and says so and passes when ../shared is absent.
accuracy: $(VENV)/.installed-test
	$(BIN)/python scripts/accuracy.py
	$(BIN)/python scripts/blame_accuracy.py
	$(BIN)/python scripts/draft_accuracy.py

accuracy-gate: $(VENV)/.installed-test
	$(BIN)/python scripts/accuracy.py --check

accuracy-update: $(VENV)/.installed-test
	$(BIN)/python scripts/accuracy.py --update

test: lint typecheck contracts pytest evals accuracy-gate

bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/ingest_real_bench.py
	$(BIN)/python bench/timeline_bench.py
	$(BIN)/python bench/lint_bench.py
	$(BIN)/python bench/draft_bench.py
	$(BIN)/python bench/review_bench.py
	$(BIN)/python bench/redact_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
