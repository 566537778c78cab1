# The two set-up commands of the README:
#   make report   installs peacetracker and prints the position-gap report
#   make test     installs the test dependencies and runs the linter and tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: report test lint browser bench-smoke clean

$(BIN)/peacetracker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: $(BIN)/peacetracker
	$(BIN)/peacetracker report positions/ --since 2025-12-26

# Headless Chromium for the browser test, from Debian's packages (needs root;
# elsewhere install the 'chromium' package yourself, or the test is skipped).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium not installed: the browser test will be skipped"; fi; \
	fi

lint: $(BIN)/peacetracker
	$(BIN)/ruff check .

test: $(BIN)/peacetracker browser lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
