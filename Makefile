# Two commands: `make run` (dashboard on the sample data) and `make test` (the whole suite).
# Everything else here is what those two need (and `make serve`, the dashboard on more cores).
# Works from a fresh clone: nothing by hand.

PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 1
PYTEST_ARGS ?=
# The suite on two workers (pytest-xdist), a file to each in turn: most of its time is spent
# waiting on servers and browsers, so two files at once take about half the time on two cores.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2

# uv finds the machine's Python 3.11 and never downloads an interpreter of its own.
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: run serve test bench install install-test system-packages lint lock sample catalogs \
	words-extract words-update

run: install system-packages catalogs
	$(PY) -m prizestats build --from data/sample --if-stale
	$(VENV)/bin/streamlit run dashboard.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true

# The dashboard on more cores: REPLICAS servers behind Debian's nginx on PORT (one per core;
# REPLICAS=1 is `make run`). Ctrl-C stops them all.
serve: install system-packages catalogs
	$(PY) -m prizestats build --from data/sample --if-stale
	$(PY) -m prizestats serve --replicas $(REPLICAS) --port $(PORT)

test: install-test catalogs
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

# pyvenv.cfg, not bin/python: that is a link whose time is the interpreter's, always "old".
$(VENV)/pyvenv.cfg: | $(UV)
	$(UV) venv --quiet --allow-existing --python 3.11 $(VENV)

install: $(VENV)/pyvenv.cfg
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements.lock

install-test: $(VENV)/pyvenv.cfg system-packages
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements-test.lock

# The words of the product (prizestats/words/catalog.py): gettext catalogs, one per language.
# `catalogs` compiles each messages.po into its messages.mo (never committed); prizestats
# compiles a missing or older one in memory, so this is for speed, after `install`.
LOCALES := prizestats/words/locale
SOURCES := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
CATALOGS := $(SOURCES:.po=.mo)
TRANSLATIONS := $(filter-out en,$(patsubst $(LOCALES)/%/LC_MESSAGES/messages.po,%,$(SOURCES)))
PYBABEL := $(VENV)/bin/pybabel
catalogs: $(CATALOGS)
$(CATALOGS): %.mo: %.po
	$(PYBABEL) compile --statistics -i $< -o $@

# The English catalog is the source. `words-extract` lists every key it holds, with its English
# as a comment, and every key the code names (t("key", ...), lookup("key", ...)) in
# $(LOCALES)/messages.pot (not committed; keys built at run time, which babel warns about as
# f-strings, are in the English catalog). `words-update` brings every other language's catalog
# up to date with it: a new key comes in empty, with the English above it; a key the English
# catalog no longer has is kept as obsolete (#~). Then translate the empty messages; `make
# test` fails while one is missing.
WORDS_POT := $(LOCALES)/messages.pot
words-extract:
	PYTHONPATH=. $(PYBABEL) --quiet extract -F prizestats/words/babel.cfg --no-default-keywords \
		-k t -k lookup --no-location -o $(WORDS_POT) \
		$(LOCALES)/en/LC_MESSAGES/messages.po prizestats pages dashboard.py

words-update: words-extract
	for lang in $(TRANSLATIONS); do \
		$(PYBABEL) update -i $(WORDS_POT) -d $(LOCALES) -D messages -l $$lang \
			--no-fuzzy-matching --ignore-pot-creation-date || exit 1; \
	done

# Chart images, the edition report (PDF) and the browser tests need Debian's chromium and Korean
# fonts: Noto Sans CJK for the screen, NanumBarunGothic and DejaVu Sans (TrueType: chromium's PDF
# embeds them as they are, where it turns Noto's CFF into Type3) for the report and images;
# `make serve REPLICAS=2` and the tests of serve need nginx (nginx-light: serve runs it as an
# ordinary program). Installed when run as root on Debian, otherwise this says what is missing.
# nginx only for the targets that set NGINX_NEEDED (a target's variables reach its prerequisites).
install-test: NGINX_NEEDED := yes
serve: NGINX_NEEDED := $(if $(filter-out 1,$(REPLICAS)),yes)
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK \
		|| missing="$$missing fonts-noto-cjk"; \
	[ -f /usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf ] || missing="$$missing fonts-nanum"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -z "$(NGINX_NEEDED)" ] || command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] \
		|| missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "missing system packages:$$missing (install them as root: apt-get install$$missing)"; \
		fi; \
	fi

# The benchmarks of BENCHMARKS.md (about 45 minutes; BENCH_ARGS=--quick for a one-minute check).
BENCH_ARGS ?=
bench: install-test catalogs
	$(PY) -m prizestats bench $(BENCH_ARGS)

lint: install-test
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock: $(UV)
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-emit-index-url \
		--quiet -o requirements.lock
	$(UV) pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes \
		--no-emit-index-url --quiet -o requirements-test.lock

sample: install catalogs
	$(PY) -m prizestats sample --out data/sample
