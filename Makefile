# Needs only python3 on a fresh machine. Stamps make every target idempotent and re-install
# only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test test-slow slurm-start slurm-stop llama-start llama-stop lint docs typecheck bench-startup clean

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

# The demo: index the starter notes (docs/starter_notes), test six example claims end to end
# (offline planner unless a model is configured; CHGNet crystals, GFN2-xTB molecules, one from
# the literature, one the tools cannot judge), print a table and write an HTML report.
demo: $(VENV)/.installed
	$(BIN)/hypoloop demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check agent tools retrieval prompts tests bench
	$(MAKE) docs

# The documentation site (mkdocs.yml): strict, so a broken link or a missing page fails the build;
# offline and a few seconds. The CLI and settings references are generated from the code.
docs: $(VENV)/.installed-dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(VENV)/site

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy agent tools retrieval

test: lint typecheck
	$(BIN)/python -m pytest -m "not slow" -q

# The long tests CI runs after `make test`: kill -9 recovery, Dask clusters, batches through a
# real one-node Slurm, notebooks, end-to-end physics over real tools, the LangGraph server.
# The Slurm harness (tests/services/slurm.py: apt-get slurm-wlm munge if missing, as root) and
# the llama.cpp harness (tests/services/llama.py: a real small model, Gemma 3 270M at an 8k
# context; builds llama-cpp-python once, ~7.5 min on 2 cores) are started here and stopped
# after; the tests reuse them (their fixtures fail, never skip, if they cannot start;
# HYPOLOOP_SKIP_SERVICES=1 skips them instead).
test-slow: $(VENV)/.installed-dev
ifneq ($(HYPOLOOP_SKIP_SERVICES),1)
	$(BIN)/python tests/services/slurm.py start
	$(BIN)/python tests/services/llama.py start || { $(BIN)/python tests/services/slurm.py stop; exit 1; }
	$(BIN)/python -m pytest -m slow -q --durations=15; status=$$?; \
	  $(BIN)/python tests/services/llama.py stop; $(BIN)/python tests/services/slurm.py stop; exit $$status
else
	$(BIN)/python -m pytest -m slow -q
endif

# A one-node Slurm for running the Slurm tests by hand (SLURM_CONF is printed); stop it after.
slurm-start: $(VENV)/.installed-dev
	$(BIN)/python tests/services/slurm.py start
slurm-stop:
	$(BIN)/python tests/services/slurm.py stop

# The llama.cpp server of the slow tests, for trying the model path by hand (prints --base-url
# and --model for hypoloop); stop it after.
llama-start: $(VENV)/.installed-dev
	$(BIN)/python tests/services/llama.py start
llama-stop:
	$(BIN)/python tests/services/llama.py stop

bench-startup: $(VENV)/.installed
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
