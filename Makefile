# Needs only python3 on a fresh machine. Stamps make every target idempotent and re-install
# only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test test-slow lint typecheck bench-startup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The CPU build of torch lies on disk; installing it first stops the project's deps from
# pulling a multi-GB CUDA build.
$(VENV)/.torch: | $(BIN)/python
	$(BIN)/python -m pip install -q torch==2.13.0
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.torch
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

# The demo: check the set-up, then stress-test two claims end to end (offline planner unless a
# model is configured; CHGNet for the crystal, GFN2-xTB for the molecule).
demo: $(VENV)/.installed
	$(BIN)/hypoloop doctor
	$(BIN)/hypoloop test "Nickel has a larger bulk modulus than aluminium."
	$(BIN)/hypoloop test "Ammonia is a planar molecule."

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check agent tools retrieval prompts tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy agent tools retrieval

test: lint typecheck
	$(BIN)/python -m pytest -m "not slow" -q

# The long tests CI runs after `make test`: kill -9 recovery, Dask clusters, notebooks, end-to-end
# physics over real tools, the LangGraph server.
test-slow: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m slow -q

bench-startup: $(VENV)/.installed
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
