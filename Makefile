# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint package clean demo fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/creditline demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# A bounded, seeded fuzz run of the reader and writer with ExifTool as the oracle (not in `test`):
# FUZZ_ARGS="--count 600 --seed 2" for more; failing inputs land in bench/out/fuzz/SEED/.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz_metadata $(FUZZ_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

package: $(STAMP)
	$(BIN)/pip install --quiet 'pyinstaller>=6'
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
