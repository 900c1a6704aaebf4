# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test index eval bench fuzz clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade --quiet pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

index: $(VENV)/.installed
	$(PY) -m index build

run: index
	$(VENV)/bin/gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) wsgi:app

# The tests, then a bounded fuzz (Schemathesis on the API, atheris on the upload parsers).
test: index
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m scripts.fuzz

fuzz: index
	$(PY) -m scripts.fuzz --long

eval: index
	$(PY) -m scripts.evaluate

bench: $(VENV)/.installed
	$(PY) -m scripts.bench_bm25

clean:
	rm -rf build $(VENV)
