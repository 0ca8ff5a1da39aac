# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PRIVAULT_HOME ?= $(CURDIR)/var
PG_DEFAULT := postgresql+psycopg://postgres@127.0.0.1:5432/test

# The browser tests drive Debian's chromium (Playwright's own download does not work here), with
# CJK fonts so that screenshots show Chinese text.
CHROMIUM := /usr/bin/chromium
CJK_FONTS := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# The printed documents (infra/printing) embed WenQuanYi Zen Hei, a TrueType-outline CJK font;
# their tests rasterise and read the PDFs with poppler-utils.
PRINT_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
PDFTOPPM := /usr/bin/pdftoppm
TEST_TOOLS := $(CHROMIUM) $(CJK_FONTS) $(PRINT_FONT) $(PDFTOPPM)

.PHONY: run tour test check lint typecheck contracts pyc pytest pytest-pg lock compliance bench bench-rights bench-audit bench-api bench-service-day bench-wallet bench-campaigns bench-classes bench-quickstart clean

$(BIN)/privault: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

run: $(BIN)/privault
	@sh scripts/start.sh

# The guided tour: an account per job and what each may and may not do (beside `make run` or alone).
tour: $(BIN)/privault
	@sh scripts/tour.sh

# The two passes run side by side: each keeps about one core busy (most of a pass is `privault`
# processes and browsers started one after another), so on two cores the suite takes the longer
# pass's time instead of the sum. The SQLite pass prints as it goes; the PostgreSQL pass writes
# var/pytest-pg.log, printed when both have ended. Either failing fails the build.
# tests/cli run `privault` on its own SQLite home whichever pass runs them, so the PostgreSQL pass
# (its installations restored from a template, tests/pg_templates.py) takes a share of them after
# its own run and the two passes end about together (both took ~22 minutes before the CLI's ~12).
CLI_SHARE := $(wildcard tests/cli/test_[a-c]*.py)
SLOWEST := --durations=15

test: $(BIN)/privault lint typecheck contracts $(TEST_TOOLS) pyc
	@mkdir -p var; echo "PostgreSQL pass started alongside: its output goes to var/pytest-pg.log"; \
	$(MAKE) --no-print-directory pytest-pg CLI_SHARED=1 > var/pytest-pg.log 2>&1 & pg=$$!; \
	$(MAKE) --no-print-directory pytest CLI_SHARED=1; lite=$$?; \
	wait $$pg; pgrc=$$?; \
	echo "---- the PostgreSQL pass (var/pytest-pg.log) ----"; cat var/pytest-pg.log; \
	echo "SQLite pass exit $$lite, PostgreSQL pass exit $$pgrc"; \
	[ "$$lite" = 0 ] && [ "$$pgrc" = 0 ]

lint: $(BIN)/privault
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(BIN)/privault
	$(BIN)/mypy

contracts: $(BIN)/privault
	$(BIN)/lint-imports

$(CHROMIUM) $(CJK_FONTS) $(PRINT_FONT) $(PDFTOPPM):
	@echo "Installing Debian's chromium, CJK fonts and poppler-utils for the tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk fonts-wqy-zenhei poppler-utils >/dev/null


# The tests start `privault` hundreds of times: its modules are compiled once here, so no process
# compiles them again when the environment says not to write bytecode (PYTHONDONTWRITEBYTECODE).
pyc: $(BIN)/privault
	@$(BIN)/python -m compileall -q src

pytest: $(BIN)/privault $(TEST_TOOLS) pyc
	PRIVAULT_TEST_DATABASE_URL= $(BIN)/pytest $(SLOWEST) $(if $(CLI_SHARED),$(addprefix --ignore=,$(CLI_SHARE)))

# On CI the PostgreSQL run is mandatory: a green build means both databases passed.
# tests/cli start `privault` with PRIVAULT_* cleared, so they always run on SQLite: the first
# pass covers them and the second leaves them out.
pytest-pg: $(BIN)/privault $(TEST_TOOLS) pyc
	@url="$${PRIVAULT_TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && [ -n "$${CI:-}" ]; then url="$(PG_DEFAULT)"; fi; \
	if [ -z "$$url" ]; then echo "PostgreSQL run skipped: set PRIVAULT_TEST_DATABASE_URL (CI sets it)."; \
	else $(BIN)/python -m privault.db.wait_for "$$url" || exit 1; \
	echo "Running the suite again on $$url (tests/cli left out: the command runs on its own SQLite home)"; \
	PRIVAULT_TEST_DATABASE_URL="$$url" $(BIN)/pytest $(SLOWEST) --ignore=tests/cli || exit 1; fi; \
	if [ -n "$(CLI_SHARED)" ]; then echo "The CLI files this pass takes over (on SQLite): $(CLI_SHARE)"; \
	PRIVAULT_TEST_DATABASE_URL= $(BIN)/pytest $(SLOWEST) $(CLI_SHARE); fi

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes -o requirements.lock

# docs/compliance.md from the tests' legal markers (tests/test_compliance_map.py checks it is fresh).
compliance: $(BIN)/privault
	$(BIN)/python -m tests.compliance_map

bench: $(BIN)/privault
	$(BIN)/python bench/vault_bench.py

# Access requests, erasure and the retention sweep at 1M customers (SQLite; --pg URL for PostgreSQL).
bench-rights: $(BIN)/privault
	$(BIN)/python bench/rights_bench.py

# Append, lookup-under-load and verify figures on SQLite and on PostgreSQL (PRIVAULT_BENCH_PG).
bench-audit: $(BIN)/privault
	$(BIN)/python bench/audit_bench.py

# Lookups through `privault serve --workers 2` on PostgreSQL, driven by Debian's wrk.
WRK := /usr/bin/wrk
$(WRK):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null

bench-api: $(BIN)/privault $(WRK)
	$(BIN)/python bench/api_bench.py

# A 40-room restaurant's dinner: the 40 cards with their PDF, then today lists and a 300-booking
# day view through `privault serve --workers 2` on PostgreSQL, 8 wrk clients.
bench-service-day: $(BIN)/privault $(WRK)
	$(BIN)/python bench/service_day_bench.py

# Stored-value payments: 0.01-yuan spends through `privault serve --workers 2` on PostgreSQL,
# 8 wrk clients for 30 s (target p99 < 20 ms), then the entries and reconciliation checked.
bench-wallet: $(BIN)/privault $(WRK)
	$(BIN)/python bench/wallet_bench.py

# A campaign to 100,000 consented customers: queued in under 30 s, delivered at >= 1,000/s.
bench-campaigns: $(BIN)/privault
	$(BIN)/python bench/campaigns_bench.py
	$(BIN)/python bench/campaigns_bench.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/campaign_bench

# A quarter's customer classes for 1M customers and 10M transactions, SQLite then PostgreSQL
# (at 127.0.0.1 as user postgres; `--pg URL` or `--sqlite` for one of them).
bench-classes: $(BIN)/privault
	$(BIN)/python bench/classes_bench.py

# `make run` on a fresh home: seconds until the console answers (target < 30 s).
bench-quickstart: $(BIN)/privault
	$(BIN)/python bench/quickstart_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
