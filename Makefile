# Dateline: `make run` serves the demo newsroom, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DATELINE_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test bench lint install clean

$(BIN)/dateline: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(BIN)/dateline

install: $(BIN)/dateline

# The site, the scheduler (sources, desk, trending, newsletter) and the task worker together,
# each restarted if it exits; Ctrl-C stops all three.
run: export DATELINE_CACHE_DIR ?= $(CURDIR)/var/cache
run: install
	$(BIN)/dateline setup --demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	@echo "Logs: var/log/web.log, var/log/scheduler.log, var/log/tasks.log"
	@$(BIN)/dateline supervise --bind 127.0.0.1:$(PORT) --web-workers 2

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check dateline tests bench
	$(BIN)/ruff format --check dateline tests bench

clean:
	rm -rf $(VENV) var test-artifacts
