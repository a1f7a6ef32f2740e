# Two commands set up everything on a fresh machine:
#   make site   virtualenv + pinned dependencies, then build site/ from content/
#   make test   test dependencies (Chromium, Nu Html Checker, axe-core), then the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: site check serve test test-fast bench booklets pango clean

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

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Browser tests use Debian's Chromium (never a downloaded browser), the Nu Html Checker
# and axe-core from the npm registry, and Java to run the checker.
$(TEST_STAMP): $(STAMP) requirements-test.txt package.json package-lock.json
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  echo "Installing Chromium and Java from Debian's packages"; \
	  apt-get update -qq && apt-get install -y -qq chromium default-jre-headless >/dev/null; }
	@command -v pdftotext >/dev/null || { \
	  echo "Installing poppler-utils (pdftotext, for the booklet tests) from Debian's packages"; \
	  apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }
	$(MAKE) pango
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(TEST_STAMP)
	$(PY) -m pytest -q

# Fast loop while developing: everything except the real-browser checks.
test-fast: $(TEST_STAMP)
	$(PY) -m pytest -q -m "not browser"

# Every benchmark, on a fresh build of the shipped content; they print figures, never pass or fail.
bench: $(TEST_STAMP)
	$(PY) build.py
	$(PY) bench/page_weight.py
	$(PY) bench/first_search_bytes.py
	$(PY) bench/search_quality.py
	$(PY) bench/build_speed.py

clean:
	rm -rf site .site-* bench/out
