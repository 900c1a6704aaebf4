# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test index eval bench fuzz clean

# The service's own packages; the tests' are added on top only where tests, fuzzers or benchmarks run.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade --quiet pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

index: $(VENV)/.installed
	$(PY) -m index build

# Links in answers (Slack, shares) point at this server unless PUBLIC_BASE_URL says otherwise.
run: index
	PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} \
		$(VENV)/bin/gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) wsgi:app

# The tests, then a bounded fuzz (Schemathesis on the API, atheris on the upload parsers).
test: index $(VENV)/.installed-test
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m scripts.fuzz

fuzz: index $(VENV)/.installed-test
	$(PY) -m scripts.fuzz --long

eval: index
	$(PY) -m scripts.evaluate

# BM25 against rank-bm25, then /api/ask against a trivial endpoint under gunicorn (needs Debian's wrk).
bench: index $(VENV)/.installed-test
	$(PY) -m scripts.bench_bm25
	$(PY) -m scripts.bench_http

clean:
	rm -rf build $(VENV)
