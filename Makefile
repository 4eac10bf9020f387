# The two commands of the README: `make demo` and `make test`. Each creates or reuses .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench contracts system

# Node is needed only to test (Ganache, the artifact check) and to recompile; `demo` runs on the
# committed artifacts.
NODE_STAMP := contracts/node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,postgres]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python app.py

test: $(STAMP) $(NODE_STAMP) system
	$(BIN)/python -m pytest

# Debian packages the tests drive: chromium (+ CJK fonts for the Japanese pages) for the browser
# tests, a PostgreSQL server for the database tests. Installed only when missing (needs root).
system:
	@dpkg -s chromium fonts-noto-cjk postgresql >/dev/null 2>&1 || \
	  { apt-get update && apt-get install -y chromium fonts-noto-cjk postgresql; }

$(NODE_STAMP): contracts/package-lock.json
	npm ci --prefix contracts --no-audit --no-fund
	touch $(NODE_STAMP)

contracts: $(NODE_STAMP)
	node contracts/compile.mjs

bench: $(STAMP)
	$(BIN)/python bench/render.py
