# Two commands on a fresh machine with Python 3.11+ and make:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
# Precompiled bytecode: imports of dagster/dbt start ~2x faster where PYTHONDONTWRITEBYTECODE=1.
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: setup browser run test ui serve-sample bench clean

setup: $(VENV)/.synced
	@$(VENV)/bin/python -m fnsp_pipeline.transform.project >/dev/null  # dbt manifest, if stale

# The environment comes from the lock file only (--locked fails if the lock is out of date).
$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV) sync --locked --quiet
	@touch $@

run: setup  ## Full nightly refresh on the built-in sample (or FNSP_BASE_URL), with a summary.
	$(VENV)/bin/fnsp refresh

# Debian's chromium renders the data-quality report in a test (root installs it; else ask
# your administrator for `apt-get install chromium`).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: setup browser  ## The whole test suite.
	$(VENV)/bin/pytest

ui: setup  ## The Dagster UI and daemon (schedule, run queue) on http://127.0.0.1:3000
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/data/dagster_home} $(VENV)/bin/python -m fnsp_pipeline.instance >/dev/null
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/data/dagster_home} $(VENV)/bin/dagster dev -w workspace.yaml

serve-sample: setup  ## The sample as a real HTTP server on port 8765.
	$(VENV)/bin/fnsp serve-sample --port 8765

bench: setup  ## Refresh and data-quality benchmarks (about 55 minutes at national size).
	$(VENV)/bin/python benchmarks/refresh_benchmark.py
	$(VENV)/bin/python benchmarks/dq_benchmark.py --seed 4711 --phrasing blind
	$(VENV)/bin/python benchmarks/real_pages_benchmark.py

clean:  ## Remove runtime files (warehouse, Dagster home, sample files); keeps the venv.
	rm -rf data/warehouse data/dagster_home data/sample data/benchmarks data/reports data/logs
