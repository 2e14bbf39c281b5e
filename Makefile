# navsok — two commands do everything on a fresh machine with Python 3.11:
#   make demo   install into .venv, index the bundled seeds/, run a query
#   make test   install into .venv with the test extra, run the test suite
#   make bench  the benchmark at 1k/10k/100k articles (bench/run.py; ~15 min at 100k)
#   make faults the fault-injection suite: SIGKILL at 5 moments of each kind of index run,
#               and 5,000 fuzzed queries (make test runs 1 kill each and 500 queries)
#   make eval   nDCG@10 and MRR on the judged set, and the held-out conflation report
#               (paradigms found whole per part of speech and Bokmål/Nynorsk): Snowball vs navsok
#   make eval-full  the conflation report on every paradigm (an hour or more)
#   make bench-facets  what `query --by year` costs beside the query, at 100k articles (bench/facets.py)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

BENCH_STAMP := $(VENV)/.bench-installed
BENCH_SIZES ?= 1000,10000,100000

.PHONY: install demo test faults eval eval-full bench bench-small bench-facets clean

# --upgrade-deps: a current pip. Python 3.11's pip 23.2 does not normalise extra names and
# warns that lxml has no extra html_clean (jusText asks for it; lxml calls it html-clean).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv --upgrade-deps $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(BENCH_STAMP)

install: $(STAMP)

demo: install
	$(BIN)/navsok index seeds
	$(BIN)/navsok query kvalifiseringsprogram

test: install
	$(BIN)/python -m pytest

FAULT_KILLS ?= 5

faults: install
	$(BIN)/python tests/faultinject.py --kills $(FAULT_KILLS)
	NAVSOK_FUZZ_QUERIES=5000 $(BIN)/python -m pytest -q tests/test_query_fuzz.py

eval: install
	$(BIN)/python -m navsok.evaluation tests/relevance seeds
	$(BIN)/python -m navsok.conflation

eval-full: install
	$(BIN)/python -m navsok.conflation --full

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES)

bench-small: $(BENCH_STAMP)
	$(BIN)/python bench/run.py --sizes 1000,10000

FACET_SIZE ?= 100000
bench-facets: $(BENCH_STAMP)
	$(BIN)/python bench/facets.py --size $(FACET_SIZE)

clean:
	rm -rf $(VENV) .navsok .pytest_cache src/*.egg-info bench/.corpus
