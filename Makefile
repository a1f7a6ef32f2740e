# Two commands set up everything on a fresh machine:
#   make site   virtualenv + pinned dependencies, then build site/ from content/
#   make test   test dependencies (Chromium, Nu Html Checker, axe-core), then the whole suite
#
# Python packages install from the lock files, every one pinned with its hashes, so a changed or
# substituted package on the registry stops the install instead of running. requirements*.txt are
# the human-edited lists; `make lock` regenerates the lock files from them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
# Debian packages the tests need, as command:package: Node.js with npm (for the checkers), Java (to
# run the Nu Html Checker), Chromium (never a downloaded browser) and pdftotext. Only the packages of
# missing commands are installed: a machine whose Node.js comes with its own npm (NodeSource's) would
# refuse Debian's npm beside it, and with it the whole install.
TEST_NEEDS := node:nodejs npm:npm java:default-jre-headless chromium:chromium pdftotext:poppler-utils
FUZZ_EXAMPLES ?= 500

.PHONY: site check serve test test-fast fuzz bench booklets pango lock clean messages

site: $(STAMP)
	$(PY) build.py

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

# The site with printed booklets (PDF), as published: slow (about 8 s of processor time a booklet).
booklets: $(STAMP) pango
	$(PY) build.py booklet

# WeasyPrint draws text with Debian's pango; fonts-dejavu-core gives it a font with every character.
pango:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || { \
	  echo "Installing pango and fonts from Debian's packages"; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	touch $@

# npm installs the pinned vnu-jar and axe-core without running their install scripts
# (vnu-jar's would download a Java runtime; Debian's is used instead). poppler-utils gives pdftotext
# for the booklet tests.
$(TEST_STAMP): $(STAMP) requirements-test.lock package.json package-lock.json
	$(PIP) -r requirements-test.lock
	@missing=""; for need in $(TEST_NEEDS); do command -v $${need%%:*} >/dev/null || missing="$$missing $${need#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian's packages, as their commands are missing:$$missing"; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi
	$(MAKE) pango
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(TEST_STAMP)
	$(PY) -m pytest -q

# Fast loop while developing: everything except the real-browser checks.
test-fast: $(TEST_STAMP)
	$(PY) -m pytest -q -m "not browser"

# The property test with a larger budget than the few seconds it has in `make test`.
fuzz: $(TEST_STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q tests/test_fuzz.py

# Every benchmark, on a fresh build of the shipped content; they print figures, never pass or fail.
bench: $(TEST_STAMP)
	$(PY) build.py
	$(PY) bench/page_weight.py
	$(PY) bench/first_search_bytes.py
	$(PY) bench/search_quality.py
	$(PY) bench/build_speed.py

# Interface strings: extract every string from the templates and the builder into locales/messages.pot,
# start a catalogue for any new language of content/site.yaml, and bring every catalogue up to date
# (new strings appear untranslated; translators then edit locales/<code>/LC_MESSAGES/messages.po).
messages: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k plural_forms:3,4 -k plurals:1,2 --no-location --sort-output \
	  --project "Nottingham SEND Local Offer" -o locales/messages.pot localoffer templates
	for code in $$($(VENV)/bin/python -m localoffer.languages); do \
	  test -f locales/$$code/LC_MESSAGES/messages.po || \
	    $(VENV)/bin/pybabel -q init -i locales/messages.pot -d locales -l $$code; done
	$(VENV)/bin/pybabel -q update -i locales/messages.pot -d locales --no-fuzzy-matching --ignore-obsolete

# Regenerate the lock files after editing requirements*.txt (pip-tools in a virtualenv of its own).
lock:
	$(PYTHON) -m venv $(VENV)/lock-tools
	$(VENV)/lock-tools/bin/pip install --quiet --disable-pip-version-check pip-tools
	for name in requirements requirements-test; do \
	  $(VENV)/lock-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras \
	    --no-emit-index-url --no-emit-find-links --output-file $$name.lock $$name.txt; done

clean:
	rm -rf site .site-* bench/out
