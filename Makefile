# Two commands from a fresh clone: `make book` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
EDITION ?= instructor
# LANG=es builds the Spanish edition (book/_ext/translation.py, locales/). LANG is also the
# shell's locale: only the value "es" counts here, and the recipes then run in C.UTF-8.
ifeq ($(LANG),es)
BOOK_LANG := es
override LANG := C.UTF-8
export LANG
endif
ES_CONFIG := _build/es/_config.yml
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help book po spanish-check lab voila test lint unit notebooks links browser student student-check \
        notebook-outputs bench clean handouts handouts-check present bundle hub hub-proxy messages

help:
	@echo "make book     build the HTML book (EDITION=student for the student edition)"
	@echo "make book LANG=es  the Spanish edition too, in _build/html/es/ (each page links to the other)"
	@echo "make po       update locales/es/ from the English sources (changed paragraphs come back fuzzy)"
	@echo "make test     lint, unit tests, notebooks, book build, links, real-browser tests"
	@echo "make lab      JupyterLab on this folder (LANG=es: the labs' kernels speak Spanish)"
	@echo "make voila    the labs as web apps at /voila/ (HOST=, PORT=, LANG=es; a facilitator projects one)"
	@echo "make student  the student edition of the exercises under _build/student/"
	@echo "make handouts the workshop's print-ready PDFs in _build/handouts/ (PAPER=letter|a4, LANG=es)"
	@echo "make present  one lab for a projector: LAB=hiring|warehouse|call_centre|audit|demands [PORT= HOST= LANG=es]"
	@echo "make bundle   one zip for a USB stick: both editions of the book and of the handouts, wheels, a README"
	@echo "make hub      a JupyterHub for a room: learners sign in and get the labs (HOST=, PORT=, LANG=es)"
	@echo "make bench    print speed figures"
	@echo "make messages update the package's translation catalogs (src/collective_ai/locales)"

$(PY):
	python3 -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# A throwaway COLLECTIVE_AI_HOME: the chapters' demand drafter must not save drafts into the
# builder's own data folder. The student edition is built from a copy of the sources in which
# the exercises are already the student notebooks, so no solution reaches its HTML or .ipynb.
# The notebooks speak English (whatever the shell's COLLECTIVE_AI_LANG) except in the Spanish
# book, whose build sets ES_ENV after this.
BUILD_ENV = COLLECTIVE_AI_HOME=$$(mktemp -d) COLLECTIVE_AI_STATIC=1 COLLECTIVE_AI_EDITION=$(EDITION) \
  COLLECTIVE_AI_LANG=en

# Each notebook is executed once per `make test`: nbval runs it (`make notebooks`) and stores
# it in the jupyter-cache both books read (_build/.jupyter_cache, see _config.yml). The cache
# matches a notebook by its code cells; tests/notebook_cache.py also keys it on the package
# modules and data the notebook imports and on COLLECTIVE_AI_STATIC, and before each use drops
# (and makes Sphinx re-read) every notebook whose key changed.
NB_CACHE := _build/.jupyter_cache
NB_PRUNE  = $(PY) tests/notebook_cache.py $(NB_CACHE)
# The Spanish book executes the notebooks itself (jupyter-book, as myst-nb does when a
# notebook is not cached), with COLLECTIVE_AI_LANG=es, which the kernels inherit, into its own
# cache (translation.EXECUTION_CACHES), so the labs' outputs are in Spanish and English and
# Spanish executions never mix. nbval compares the English outputs only.
ES_NB_CACHE := _build/.jupyter_cache_es
ES_ENV = COLLECTIVE_AI_LANG=es

# Test processes for the unit and notebook tests (pytest-xdist; the browser tests have
# BROWSER_JOBS); JOBS=0 runs them in
# this process. A notebook's cells stay together in one process (--dist loadfile).
JOBS ?= 2
XDIST = -n $(JOBS)

book: $(STAMP)
ifeq ($(EDITION),student)
	$(PY) -m collective_ai classroom student --out _build/student --book-src _build/student-src
	$(BUILD_ENV) $(NB_PRUNE) _build/student-src/notebooks _build/student-src/exercises
	$(BUILD_ENV) $(BIN)/jupyter-book build _build/student-src --path-output _build/student-book \
	  -W -n --keep-going
	@echo "Built: $(CURDIR)/_build/student-book/_build/html/index.html"
else ifeq ($(BOOK_LANG),es)
	$(BUILD_ENV) $(NB_PRUNE) notebooks exercises
	$(BUILD_ENV) $(ES_ENV) $(PY) tests/notebook_cache.py $(ES_NB_CACHE) notebooks exercises
	mkdir -p _build/es && $(PY) book/_ext/translation.py config es > $(ES_CONFIG)
	BOOK_EDITIONS="en es" $(BUILD_ENV) $(BIN)/jupyter-book build . -W -n --keep-going
	BOOK_EDITIONS="en es" $(BUILD_ENV) $(ES_ENV) $(BIN)/jupyter-book build . --config $(ES_CONFIG) \
	  --path-output _build/es -W -n --keep-going
	rm -rf _build/html/es && cp -a _build/es/_build/html _build/html/es
	@echo "Built: $(CURDIR)/_build/html/es/index.html"
else
	$(BUILD_ENV) $(NB_PRUNE) notebooks exercises
	$(BUILD_ENV) $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Built: $(CURDIR)/_build/html/index.html"
endif

# Sphinx's gettext builder writes one .pot per page (the Spanish configuration sets
# gettext_compact: false); sphinx-intl merges them into locales/es/LC_MESSAGES/**/*.po, where
# a paragraph changed in English comes back fuzzy (shown in English, flagged on the page).
po: $(STAMP)
	$(BUILD_ENV) $(NB_PRUNE) notebooks exercises
	mkdir -p _build/gettext && $(PY) book/_ext/translation.py config es --cache $(NB_CACHE) \
	  > _build/gettext/_config.yml
	$(BUILD_ENV) $(BIN)/jupyter-book build . --config _build/gettext/_config.yml \
	  --path-output _build/gettext \
	  --builder custom --custom-builder gettext -n --keep-going
	$(BIN)/sphinx-intl update --pot-dir _build/gettext/_build/gettext --locale-dir locales \
	  --language es
	$(PY) book/_ext/translation.py status es

# The Spanish edition's whole proof, outside `make test` (which keeps its 12-minute budget;
# the catalogues' own checks, tests/test_spanish_book.py, run in `make unit`): both editions
# built, every link of both resolving (the language links included), the switch followed
# in Chromium from files, and every Spanish lab page's controls moved until its summary is
# seen in Spanish (tests/browser/test_spanish_labs.py). See CHANGELOG.md for its time.
spanish-check: $(STAMP)
	$(MAKE) --no-print-directory book LANG=es
	$(BIN)/pytest tests/browser/test_links.py tests/browser/test_book_offline.py -q \
	  -k "links or spanish"
	$(BIN)/pytest tests/browser/test_spanish_labs.py -q -ra

# The student edition needs only what learners install (requirements.txt), no test tools.
BASE_STAMP := $(VENV)/.installed-base
$(BASE_STAMP): $(PY) requirements.txt pyproject.toml
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(BASE_STAMP)

student: $(BASE_STAMP)
	$(PY) -m collective_ai classroom student --out _build/student

# Builds the student book and scans it (and the student notebooks and zips) for solution text.
student-check: $(STAMP)
	$(MAKE) book EDITION=student
	$(BIN)/pytest tests/test_student_edition.py -q -k built_student_book

# Both show the course's markdown without raw MyST (collective_ai.live) and open no browser.
# HOST=0.0.0.0 serves the room's network, with a token printed in the address; PORT= picks
# the port (JupyterLab 8888, Voila 8866, present mode 8866 unless given). LANG=es (BOOK_LANG,
# set above) gives the server's kernels Spanish (COLLECTIVE_AI_LANG), so the labs speak it.
HOST ?= 127.0.0.1
LIVE_LANG = $(if $(BOOK_LANG),--lang $(BOOK_LANG),)
lab: $(STAMP)
	$(PY) -m collective_ai.live lab --host $(HOST) $(if $(PORT),--port $(PORT),) $(LIVE_LANG)

# Each lab at /voila/render/NAME.ipynb; our Voila template drops CDN links and names sliders.
voila: $(STAMP)
	$(PY) -m collective_ai.live voila --host $(HOST) $(if $(PORT),--port $(PORT),) $(LIVE_LANG)

# JupyterHub's proxy comes from npm (Node.js): installed into the virtualenv's own folder, where
# `collective-ai hub` looks for it first. `.ci/run` installs Debian's npm when it is missing.
HUB_PROXY := $(VENV)/proxy/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): | $(PY)
	npm install --prefix $(VENV)/proxy --no-fund --no-audit --loglevel=error \
	  configurable-http-proxy@4.6.3

hub-proxy: $(HUB_PROXY)

# A room's hub on HOST:PORT (HOST=0.0.0.0 for the room's network); prints the password.
# LANG=es: every learner's server and its kernels speak Spanish (collective_ai.hub.cli).
hub: $(STAMP) $(HUB_PROXY)
	$(PY) -m collective_ai hub --host $(HOST) $(if $(PORT),--port $(PORT),) $(LIVE_LANG)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench notebooks exercises conftest.py book/_ext deploy
	$(BIN)/ruff format --check src tests bench conftest.py book/_ext deploy

unit: $(STAMP)
	$(BIN)/pytest tests --ignore=tests/browser --ignore=tests/test_workshop_pack.py \
	  --ignore=tests/test_workshop_pack_es.py -q $(XDIST)

# nbval runs in the book's environment (BUILD_ENV), so what it executes is what the book shows.
notebooks: $(STAMP)
	rm -rf _build/failed-notebooks
	$(BUILD_ENV) $(NB_PRUNE) notebooks exercises
	$(BUILD_ENV) $(BIN)/pytest -p nbval --nbval-lax notebooks exercises -q -p no:cacheprovider \
	  --notebook-cache $(NB_CACHE) $(XDIST) --dist loadfile

# Both read _build/html: run `make book` first (`make test` does).
links: $(STAMP)
	$(BIN)/pytest tests/browser/test_links.py -q

# Chromium (Debian's /usr/bin/chromium) on every page, every lab live in JupyterLab and
# Voila and through a JupyterHub, axe-core; screenshots land in _build/screenshots/.
# Two test processes: a third on two cores made the browser tests slower, not faster (590 s
# against 503 s): starting hubs, the desk and kernels keeps both cores busy.
BROWSER_JOBS ?= $(JOBS)
browser: $(STAMP) $(HUB_PROXY)
	$(BIN)/pytest tests/browser -q -ra --ignore=tests/browser/test_links.py --durations=15 \
	  -n $(BROWSER_JOBS) --dist loadgroup

# Builds the pack in a temporary folder and reads it back (text and pixels); about 30 s, and
# the Spanish pack on Letter and A4, about 40 s more.
handouts-check: $(STAMP)
	$(BIN)/pytest tests/test_workshop_pack.py tests/test_workshop_pack_es.py -q

# The browser tests spend much of their time waiting on kernels and pages, so the handout
# check and the student book run beside them (-k: every check reports, even after a failure).
test: lint unit notebooks book links
	$(MAKE) --no-print-directory -k -j2 --output-sync=target browser handouts-check student-check

# Headless Chromium prints every handout in the registry (collective_ai.workshop.handouts);
# the facilitator's answer and reveal sheets go in _build/handouts/facilitator/.
PAPER ?= letter
HANDOUTS = $(PY) -m collective_ai.workshop handouts --paper $(PAPER)
# LANG=es prints them in Spanish into _build/handouts/es/ (BOOK_LANG, set above).
handouts: $(STAMP)
	$(HANDOUTS) \
	  $(if $(BOOK_LANG),--lang $(BOOK_LANG) --out _build/handouts/$(BOOK_LANG),--out _build/handouts)

# One zip for a USB stick: the built book in both editions (English, and Spanish in es/;
# EDITION=student: the student edition, English only), the handouts in both languages
# (Spanish in es/) and a README; opened as files, the book's pages, static sliders and
# language links work. The wheels (this package and its dependencies for Windows, macOS and
# Linux, downloaded with pip) let a hall without Wi-Fi install the desk from the stick.
BUNDLE_BOOK = $(if $(filter student,$(EDITION)),_build/student-book/_build/html,_build/html)
bundle: $(STAMP)
	$(MAKE) --no-print-directory book $(if $(filter student,$(EDITION)),,LANG=es)
	$(HANDOUTS) --lang en --out _build/handouts
	$(HANDOUTS) --lang es --out _build/handouts/es
	$(PY) -m collective_ai.workshop wheels --project . --out _build/wheels
	$(PY) -m collective_ai.workshop bundle --book $(BUNDLE_BOOK) --handouts _build/handouts \
	  --wheels _build/wheels --out _build/collective-ai-workshop.zip

# One lab alone at the root URL, for a projector; opens no browser. Voila runs the notebook
# in a preheated kernel before anyone connects, so the page is ready at once, and the page
# loads only the widgets' front-end extension (the others slow it and log errors).
# LANG=es (or COLLECTIVE_AI_LANG=es) shows it in Spanish: the kernel inherits the language,
# and the page's lang attribute says it (PRESENT_LANG: the package's reading of both).
LAB  ?= hiring
PRESENT_PORT = $(or $(PORT),8866)
PRESENT_ENV = $(if $(BOOK_LANG),COLLECTIVE_AI_LANG=$(BOOK_LANG))
PRESENT_LANG = $$($(PRESENT_ENV) $(PY) -c 'from collective_ai.i18n import language; print(language())')
present: $(STAMP)
	$(PRESENT_ENV) $(PY) -m collective_ai.workshop present-notebook $(LAB) --out _build/present
	@echo "Present mode: open http://$(HOST):$(PRESENT_PORT)/ (Control-C stops it)"
	$(PRESENT_ENV) JUPYTER_PATH=$(CURDIR)/src/collective_ai/live/jupyter-data $(BIN)/voila _build/present/$(LAB).ipynb \
	  --template=present --no-browser --Voila.ip=$(HOST) --port=$(PRESENT_PORT) \
	  --VoilaExporter.language_code=$(PRESENT_LANG) \
	  --preheat_kernel=True --VoilaConfiguration.default_pool_size=1 \
	  --VoilaConfiguration.extension_denylist="['jupyterlab-jupytext','ipylab','@voila-dashboards/jupyterlab-preview']" \
	  --KernelManager.transport_encryption=auto \
	  $(if $(ROOT_FLAG),--ServerApp.allow_root=True,)

notebook-outputs: $(STAMP)
	$(BUILD_ENV) $(PY) tests/record_notebook_outputs.py

bench: $(STAMP)
	for script in bench/*.py; do $(PY) $$script; done

clean:
	rm -rf _build

# The package's words: extract every _()/N_()/{% trans %} and the texts the handouts read
# from the book (babel.cfg) into a template, then merge it into each language's .po; a
# changed English message comes back fuzzy (with --previous, its old English) for a translator.
MESSAGES_POT := _build/collective_ai.pot
messages: $(STAMP)
	@mkdir -p _build
	PYTHONPATH=$(CURDIR)/src $(BIN)/pybabel extract --mapping-file babel.cfg --keywords N_ \
	  --keywords pgettext:1c,2 --no-location --sort-output --no-wrap --project collective-ai \
	  --output-file $(MESSAGES_POT) .
	for po in src/collective_ai/locales/*/LC_MESSAGES/collective_ai.po; do \
	  $(BIN)/pybabel update --input-file $(MESSAGES_POT) --output-file $$po --no-wrap --previous \
	    --ignore-obsolete --locale $$(basename $$(dirname $$(dirname $$po))) --domain collective_ai; done
