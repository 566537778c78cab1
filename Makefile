# The two set-up commands of the README:
#   make report   installs peacetracker and prints the position-gap report
#   make test     installs the test dependencies and runs the linter, the type checker and the tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: report test lint browser docs bench-smoke clean

$(BIN)/peacetracker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: $(BIN)/peacetracker
	$(BIN)/peacetracker report positions/ --since 2025-12-26

# Headless Chromium and its driver for the browser test, from Debian's
# packages 'chromium' and 'chromium-driver': installed when either is missing
# and this runs as root on a machine with apt-get; otherwise it says which is
# missing and the command to run (without them the browser tests are skipped).
BROWSER_OK = command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]
browser:
	@if ! { $(BROWSER_OK); }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium and chromium-driver (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "chromium or chromedriver missing: the browser tests will be skipped;"; \
	    echo "  install them with: sudo apt-get install chromium chromium-driver (or run 'make browser' as root)"; \
	  fi; \
	fi

# docs/cli.md's --help blocks, regenerated from the commands (a test fails when stale).
docs: $(BIN)/peacetracker
	$(BIN)/cog -r docs/cli.md

lint: $(BIN)/peacetracker
	$(BIN)/ruff check . && $(BIN)/mypy

test: $(BIN)/peacetracker browser lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
