# navsok — two commands do everything on a fresh machine with Python 3.11:
#   make demo   install into .venv, index the bundled seeds/, run a query
#   make test   install into .venv with the test extra, run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/navsok index seeds
	$(BIN)/navsok query kvalifiseringsprogram

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .navsok .pytest_cache src/*.egg-info
