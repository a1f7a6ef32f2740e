"""The site in other languages: catalogues, translations beside their English files, the sub-sites."""
from __future__ import annotations

import datetime
import json
import re
import shutil
from html.parser import HTMLParser

import jinja2
import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from minimal import make_minimal_project
from support import PROJECT, run_cli, write

from localoffer.languages import (TERM_KINDS, LanguageLinks, Translation, compile_catalogue, link_from, mid_sentence,
                                  plural_forms, site_languages)
from localoffer.pipeline import build_site

TRANSLATED_GUIDE = """\
---
title: Pierwszy poradnik
summary: Poradnik po polsku.
translated_by: Ktoś z zespołu
translated_on: {date}
checked_by_fluent_speaker: false
---

## Jak to działa

Krótkie zdania. Zobacz [drugi poradnik](second-guide.md).
"""


# Polish words for two taxonomy terms, as content/taxonomy.pl.yaml holds them.
TERM_WORDS = """\
translated_by: Ktoś z zespołu
translated_on: 2026-02-01
checked_by_fluent_speaker: false
terms:
  needs:
    autism:
      label: Autyzm
      description: Dzieci i młodzież w spektrum autyzmu.
  age_bands:
    "5-11":
      label: Szkoła podstawowa (5-11)
"""


# ---- the interface catalogues ----

def extracted_messages() -> set:
    """Every string `make messages` extracts from the templates and the builder."""
    found = set()
    for folder, method in ((PROJECT / "templates", "jinja2"), (PROJECT / "localoffer", "python")):
        pattern = "**.html" if method == "jinja2" else "**.py"
        options = {pattern: {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
        keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "plural_forms": (3, 4), "plurals": (1, 2)}
        for _, _, message, _, _ in extract_from_dir(folder, [(pattern, method)], options, keywords=keywords):
            found.add(message)
    return found


# ---- no English left outside gettext ----

TEMPLATE_LEXER = jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
ENGLISH_LETTER = re.compile(r"[A-Za-z]")  # even one: "0 Oops" and "service0" are words left behind
# Attributes a reader hears or sees; meta description's content is checked apart (other metas hold code).
TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "aria-placeholder"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# English a template may write as it is. Keep it short, and say why each is here.
ALLOWED_ENGLISH: set[str] = set()


def template_html(source: str) -> str:
    """A template as HTML with its Jinja parts taken out: each {{ }} becomes "0" (no letters, and
    <h{{ level }}> stays one tag name), each {% %} and {# #} nothing, and each {% trans %} block,
    which goes through gettext, nothing at all."""
    parts, in_trans, previous = [], False, None
    for _, kind, value in TEMPLATE_LEXER.lex(source):
        if kind == "name" and previous == "block_begin" and value in ("trans", "endtrans"):
            in_trans = value == "trans"
        elif kind == "data" and not in_trans:
            parts.append(value)
        elif kind == "variable_begin" and not in_trans:
            parts.append("0")
        if kind != "whitespace":
            previous = kind
    return "".join(parts)


class LiteralEnglish(HTMLParser):
    """English words written as they are: in text and text attributes, leaving out scripts, styles
    and elements marked lang="en" (the translation notice repeats itself in English on purpose)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, its words are not the interface's)
        self.found: list[str] = []

    def check(self, text: str | None) -> None:
        if text and ENGLISH_LETTER.search(text) and text.strip() not in ALLOWED_ENGLISH:
            self.found.append(text.strip())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in TEXT_ATTRIBUTES & attrs.keys():
            self.check(attrs[name])
        if tag == "meta" and attrs.get("name") == "description":
            self.check(attrs.get("content"))
        if tag not in VOID:
            self.open.append((tag, tag in ("script", "style") or attrs.get("lang") == "en"))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if not any(exempt for _, exempt in self.open):
            self.check(data)


def literal_english(source: str) -> list[str]:
    parser = LiteralEnglish()
    parser.feed(template_html(source))
    parser.close()
    return parser.found


TEMPLATES = sorted((PROJECT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.relative_to(PROJECT / "templates").as_posix())
def test_every_template_word_goes_through_gettext(template):
    assert literal_english(template.read_text(encoding="utf-8")) == []


def test_literal_english_is_found_in_text_and_attributes_but_not_in_code_or_gettext():
    found = literal_english('<meta name="description" content="Words"><meta name="viewport" content="width=1">'
                            '<h1>{{ _("Fine") }} Oops</h1><img alt="A picture" src="{{ x }}">{# a note #}'
                            '<script>let words = 1;</script><span lang="en" dir="ltr">On purpose</span>'
                            '<p>{% trans n=2 %}Also fine {{ n }}{% endtrans %}</p><h{{ level }}>0</h{{ level }}>')
    assert found == ["Words", "0 Oops", "A picture"]


def shipped_languages():
    site = yaml.safe_load((PROJECT / "content/site.yaml").read_text(encoding="utf-8"))
    return site_languages(site)[1:]


def test_the_site_ships_urdu_polish_romanian_and_arabic_with_honest_review_status():
    languages = {language.code: language for language in shipped_languages()}
    assert set(languages) >= {"ur", "pl", "ro", "ar"}
    assert languages["ar"].direction == "rtl" and languages["ur"].direction == "rtl"
    assert languages["pl"].name == "Polski" and languages["ar"].name == "العربية" and languages["ur"].name == "اردو"
    assert not any(language.checked_by_fluent_speaker for language in languages.values())


@pytest.mark.parametrize("language", [lang for lang in shipped_languages() if lang.interface_complete],
                         ids=lambda lang: lang.code)
def test_a_complete_catalogue_translates_every_string_the_templates_use(language):
    with (PROJECT / f"locales/{language.code}/LC_MESSAGES/messages.po").open("rb") as po:
        catalogue = read_po(po, locale=language.code)
    extracted = extracted_messages()
    assert len(extracted) > 100  # the templates really go through gettext
    missing = []
    for message in extracted:
        entry = catalogue.get(message)
        strings = entry.string if entry else None
        translated = all(strings) if isinstance(strings, tuple) else bool(strings)
        if entry is None or not translated or entry.fuzzy:
            missing.append(message)
    assert missing == [], f"untranslated in {language.code}: {missing[:10]}"


def test_arabic_search_plurals_cover_its_six_categories():
    arabic = compile_catalogue(PROJECT / "locales/ar/LC_MESSAGES/messages.po", "ar")
    forms = plural_forms(arabic, "ar", "%(num)d result", "%(num)d results")
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert forms["two"] != forms["other"] and "result" not in forms["few"]


def test_a_missing_catalogue_falls_back_to_english(tmp_path):
    english = compile_catalogue(tmp_path / "none.po", "pl")
    assert english.gettext("Search") == "Search"


# ---- translations: stale, links ----

def test_a_translation_older_than_its_english_page_is_stale():
    translation = Translation("pl", {"translated_on": datetime.date(2026, 1, 10)})
    assert translation.is_stale("2026-02-01")
    assert not translation.is_stale("2026-01-10")


def test_links_in_a_language_page_go_to_its_own_pages_and_mark_english_ones():
    urdu = LanguageLinks("ur", frozenset({"guides/a/index.html"}))
    assert link_from("../../", "guides/a/index.html", urdu) == ("../../ur/guides/a/index.html", None)
    assert link_from("../../", "services/b/index.html#c", urdu) == ("../../services/b/index.html#c", "en")
    assert link_from("../../", "pl/index.html", urdu) == ("../../pl/index.html", None)  # already in a language
    assert link_from("../../", "downloads/offline.zip", urdu) == ("../../downloads/offline.zip", None)  # not a page
    assert link_from("../../", "services/b/index.html", None) == ("../../services/b/index.html", None)  # English


# ---- checking translation files: plain file:line messages ----

@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project", languages=True)


def check_output(project) -> tuple[int, str]:
    result = run_cli(project, "check")
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("name, expected", [
    ("first-guide.xx.md", ["content/guides/first-guide.xx.md:1: 'xx' is not one of the site's languages (ur, pl, ro, ar)"]),
    ("no-such-guide.pl.md", ["content/guides/no-such-guide.pl.md:1: this translation has no English original",
                             "no-such-guide.md"]),
], ids=["unknown-language", "no-original"])
def test_a_translation_file_the_site_cannot_place_is_refused(minimal, name, expected):
    write(minimal / "content/guides" / name, TRANSLATED_GUIDE.format(date="2026-02-01"))
    code, output = check_output(minimal)
    assert code == 1
    for line in expected:
        assert line in output


def test_a_translation_that_is_a_link_to_another_file_is_refused(minimal, tmp_path):
    outside = write(tmp_path / "outside.md", TRANSLATED_GUIDE.format(date="2026-02-01"))
    (minimal / "content/guides/first-guide.pl.md").symlink_to(outside)
    code, output = check_output(minimal)
    assert code == 1
    assert "content/guides/first-guide.pl.md: this is a link to another file, which is not allowed" in output


def test_a_bad_translation_date_is_refused_at_its_line(minimal):
    write(minimal / "content/guides/first-guide.pl.md", TRANSLATED_GUIDE.format(date="2026-13-45"))
    code, output = check_output(minimal)
    assert code == 1
    assert "content/guides/first-guide.pl.md:5: 'translated_on: 2026-13-45' is not a date" in output
    assert "Traceback" not in output


def test_a_translation_without_its_review_status_is_refused(minimal):
    text = TRANSLATED_GUIDE.format(date="2026-02-01").replace("checked_by_fluent_speaker: false\n", "")
    write(minimal / "content/guides/first-guide.pl.md", text)
    code, output = check_output(minimal)
    assert code == 1 and "first-guide.pl.md:2: the translation has no 'checked_by_fluent_speaker:'" in output


def test_a_service_translation_in_an_unknown_language_is_refused(minimal):
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text() + "translations:\n  xx:\n    summary: Words.\n    translated_by: Someone\n"
                    "    translated_on: 2026-02-01\n    checked_by_fluent_speaker: false\n")
    code, output = check_output(minimal)
    assert code == 1 and "content/services/other-service.yaml:" in output and "'xx' is not one of" in output


def test_a_content_page_cannot_take_a_language_code_as_its_address(minimal):
    write(minimal / "content/pages/ur.md", "---\ntitle: Ur\nsummary: A page.\nlast_reviewed: 2026-01-10\n"
          "reviewed_by: Team\n---\n\nText.\n")
    code, output = check_output(minimal)
    assert code == 1 and "content/pages/ur.md:1:" in output and "language" in output


# ---- the sub-sites, built ----

@pytest.fixture(scope="module")
def languages_site(tmp_path_factory):
    """The minimal project with the shipped catalogues, a Polish translation of first-guide (older
    than its English page), an Urdu translation of second-guide and a service translated into Urdu."""
    project = make_minimal_project(tmp_path_factory.mktemp("languages") / "project", languages=True)
    shutil.copytree(PROJECT / "locales", project / "locales")
    write(project / "content/guides/first-guide.pl.md", TRANSLATED_GUIDE.format(date="2025-12-01"))
    write(project / "content/guides/second-guide.ur.md", TRANSLATED_GUIDE.format(date="2026-02-01")
          .replace("Pierwszy poradnik", "دوسرا رہنما"))
    path = project / "content/services/other-service.yaml"
    path.write_text(path.read_text() + "translations:\n  ur:\n    summary: ایک خدمت جو خاندانوں کی مدد کرتی ہے۔\n"
                    "    translated_by: Someone\n    translated_on: 2026-02-01\n    checked_by_fluent_speaker: false\n",
                    encoding="utf-8")
    write(project / "content/taxonomy.pl.yaml", TERM_WORDS)
    result = build_site(project, project / "site")
    return result, project / "site"


def html_of(site, path) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_page_says_its_language_and_direction_and_names_its_alternates(languages_site):
    result, site = languages_site
    codes = [language.code for language in site_languages(result.model.site)]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        relative = page.relative_to(site).as_posix()
        first = relative.split("/")[0]
        language = first if first in codes else "en"
        expected = 'lang="en-GB" dir="ltr"' if language == "en" else \
            f'lang="{language}" dir="{"rtl" if language in ("ar", "ur") else "ltr"}"'
        assert f"<html {expected}>" in text, relative
        if relative != "404.html":
            hreflangs = re.findall(r'<link rel="alternate" hreflang="([a-z]+)"', text)
            assert hreflangs == codes, relative


def test_the_chooser_links_each_page_to_its_counterparts(languages_site):
    _, site = languages_site
    page = html_of(site, "ur/guides/second-guide/index.html")
    chooser = page.split('class="language-chooser"', 1)[1].split("</nav>", 1)[0]
    for code, name in (("en", "English"), ("ur", "اردو"), ("pl", "Polski"), ("ro", "Română"), ("ar", "العربية")):
        target = "guides/second-guide/index.html" if code == "en" else f"{code}/guides/second-guide/index.html"
        assert f'href="../../../{target}" lang="{code}" hreflang="{code}"' in chooser and f">{name}</a>" in chooser
        assert (site / target).is_file()
    assert 'aria-current="page">اردو' in chooser


def test_a_translated_page_says_who_translated_it_and_that_nobody_fluent_checked_it(languages_site):
    _, site = languages_site
    page = html_of(site, "ur/guides/second-guide/index.html")
    assert "<h1>دوسرا رہنما</h1>" in page
    assert "ابھی تک اس زبان کے کسی ماہر نے یہ ترجمہ نہیں جانچا۔" in page  # in Urdu
    assert "Not yet checked by a fluent speaker." in page  # and in English
    assert "<bdi>Ktoś z zespołu</bdi>" in page  # the translator's name keeps its own direction
    assert "The English version has changed" not in page
    # its links go to the Urdu pages where there are some, in Urdu interface words
    assert 'href="../../../ur/guides/second-guide/index.html"' in page and "تلاش" in page


def test_a_stale_translation_is_flagged_on_the_page_and_in_the_build_summary(languages_site):
    result, site = languages_site
    page = html_of(site, "pl/guides/first-guide/index.html")
    assert "Wersja angielska zmieniła się od czasu tego tłumaczenia." in page
    assert "The English version has changed since this translation." in page
    assert any("content/guides/first-guide.pl.md" in note and "2026-01-10" in note for note in result.notes)


def test_a_missing_translation_is_shown_in_english_with_a_notice_and_a_way_to_ask_for_help(languages_site):
    _, site = languages_site
    page = html_of(site, "ar/guides/first-guide/index.html")
    assert "لم تُترجم هذه الصفحة بعد، لذلك تظهر بالإنجليزية." in page
    assert 'href="../../../ar/help-in-your-language/index.html"' in page
    assert '<h1 lang="en" dir="ltr">The first guide</h1>' in page
    assert '<div class="prose" lang="en" dir="ltr">' in page


def test_an_untranslated_guides_contents_name_its_english_headings_as_english(tmp_path):
    project = make_minimal_project(tmp_path / "project", languages=True)
    shutil.copytree(PROJECT / "locales", project / "locales")
    guide = project / "content/guides/first-guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n## What next\n\nMore short sentences.\n\n## Where to ask\n\nAsk us.\n",
                     encoding="utf-8")  # three sections: a contents list (pages.CONTENTS_FROM)
    build_site(project, project / "site")
    page = html_of(project / "site", "ar/guides/first-guide/index.html")
    assert '<li><a href="#how-it-works" lang="en" dir="ltr">How it works</a></li>' in page
    assert '<li><a href="#what-next" lang="en" dir="ltr">What next</a></li>' in page
    assert re.search(r'<li><a href="#services-that-can-help">[^<a-zA-Z]+</a></li>', page)  # in Arabic


def test_a_service_has_a_language_page_only_when_it_is_translated(languages_site):
    _, site = languages_site
    assert (site / "ur/services/other-service/index.html").is_file()
    assert not (site / "ur/services/nottingham-sendiass/index.html").exists()
    assert not (site / "pl/services/other-service/index.html").exists()
    listing = html_of(site, "pl/services/index.html")
    assert 'href="../../services/other-service/index.html" hreflang="en" lang="en" dir="ltr">' in listing
    assert "(po angielsku)" in listing
    urdu = html_of(site, "ur/services/index.html")
    assert 'href="../../ur/services/other-service/index.html">' in urdu


def test_the_sitemap_and_search_indexes_hold_every_language(languages_site):
    _, site = languages_site
    sitemap = html_of(site, "sitemap.xml")
    assert "/ur/guides/second-guide/" in sitemap and "/ar/guides/first-guide/" in sitemap
    urdu = html_of(site, "ur/search/fallback-index.js")
    assert "دوسرا رہنما" in urdu and "The first guide" not in urdu
    assert "دوسرا رہنما" not in html_of(site, "search/fallback-index.js")
    assert list((site / "pagefind").glob("pagefind.ur_*.pf_meta")) and list((site / "pagefind").glob("pagefind.en_*.pf_meta"))


def test_search_result_details_are_in_the_pages_language(languages_site):
    _, site = languages_site
    polish = html_of(site, "pl/search/fallback-index.js")
    assert '"type":"Poradnik"' in polish and '"age":"Wiek od ' in polish
    assert '"type":"Guide"' not in polish and '"age":"Ages ' not in polish
    english = html_of(site, "search/fallback-index.js")
    assert '"type":"Guide"' in english and '"age":"Ages ' in english


def test_the_search_page_gives_the_script_its_words_in_the_language(languages_site):
    _, site = languages_site
    page = html_of(site, "ar/search/index.html")
    strings = page.split('<script type="application/json" id="search-strings">', 1)[1].split("</script>", 1)[0]
    assert json.loads(strings)["results"]["two"] == "نتيجتان"
    assert 'data-fallback="ar/search/fallback-index.js"' in page and 'data-english-fallback="search/fallback-index.js"' in page



def test_the_search_filters_are_named_in_the_language_and_the_taxonomy_stays_as_written(languages_site):
    _, site = languages_site

    def labels(path):
        page = html_of(site, path)
        return json.loads(page.split('<script type="application/json" id="search-labels">', 1)[1].split("</script>", 1)[0])

    arabic, english = labels("ar/search/index.html"), labels("search/index.html")
    assert arabic["cost"] == {"title": "التكلفة", "values": {"free": "مجاني", "paid": "مدفوع"}}
    assert english["cost"] == {"title": "Cost", "values": {"free": "Free", "paid": "Paid"}}
    assert arabic["need"]["values"] == english["need"]["values"]  # no taxonomy.ar.yaml: the terms stay as written
    polish = labels("pl/search/index.html")
    assert polish["need"]["values"]["autism"] == "Autyzm" and polish["need"]["values"]["adhd"] == "ADHD"


# ---- every page families use, in every language; the taxonomy in the language's words ----

ENGLISH_ONLY = ("services/", "about/content-health/", "404.html")  # untranslated services; the editors' report


def test_every_page_but_the_services_and_the_editors_report_has_a_page_in_each_language(languages_site):
    result, site = languages_site
    codes = [language.code for language in site_languages(result.model.site)[1:]]
    english = [page.relative_to(site).as_posix() for page in site.rglob("*.html")
               if page.relative_to(site).parts[0] not in codes]
    assert {"find-support/5-11/autism/index.html", "needs/autism/index.html", "areas/index.html",
            "feedback/index.html", "use-our-data/index.html"} <= set(english)
    for code in codes:
        missing = [path for path in english if not (site / code / path).is_file() and not path.startswith(ENGLISH_ONLY)]
        assert missing == [], code
    assert not (site / "pl/about/content-health/index.html").exists()
    footer = html_of(site, "pl/index.html")
    assert 'href="../about/content-health/index.html" hreflang="en"' in footer


def test_a_term_is_in_the_languages_words_where_its_taxonomy_file_has_them(languages_site):
    _, site = languages_site
    need = html_of(site, "pl/needs/autism/index.html")
    assert "<h1>Autyzm</h1>" in need and '<p class="lead">Dzieci i młodzież w spektrum autyzmu.</p>' in need
    assert "<title>Autyzm - Przeglądaj według potrzeb - " in need
    finder = html_of(site, "pl/find-support/5-11/autism/index.html")
    assert "<h1>Autyzm: wsparcie – szkoła podstawowa (5-11)</h1>" in finder  # a label inside a sentence
    assert "<title>Autyzm, Szkoła podstawowa (5-11) - Znajdź wsparcie - " in finder
    assert 'aria-current="page">Autyzm</a>' in finder  # the breadcrumb
    # a term without Polish words is shown in English, and said to be English
    assert '<h1><span lang="en" dir="ltr">ADHD</span></h1>' in html_of(site, "pl/needs/adhd/index.html")
    assert '<h1><span lang="en" dir="ltr">Autism</span></h1>' in html_of(site, "ar/needs/autism/index.html")
    assert "<h1>Autism</h1>" in html_of(site, "needs/autism/index.html")


@pytest.mark.parametrize("words, expected", [
    (TERM_WORDS.replace("    autism:", "    autismo:"),
     "content/taxonomy.pl.yaml:6: taxonomy.yaml has no needs term with the id 'autismo'"),
    (TERM_WORDS.replace("      label: Autyzm", "      labl: Autyzm"),
     "content/taxonomy.pl.yaml:7: 'labl' is not a field a term's translation has"),
    (TERM_WORDS.replace("  needs:", "  neds:"), "content/taxonomy.pl.yaml:5: 'neds' is not a list of terms"),
    (TERM_WORDS.replace("translated_on: 2026-02-01", "translated_on: soon"),
     "content/taxonomy.pl.yaml:2: 'translated_on: soon' is not a date"),
    (TERM_WORDS.replace("label: Szkoła podstawowa (5-11)", "label: S"),
     "content/taxonomy.pl.yaml:11: the label should be text of 2 to 60 characters"),
], ids=["unknown-term", "unknown-field", "unknown-list", "bad-date", "short-label"])
def test_a_taxonomy_translation_mistake_is_refused_at_its_line(minimal, words, expected):
    write(minimal / "content/taxonomy.pl.yaml", words)
    code, output = check_output(minimal)
    assert code == 1 and expected in output and "Traceback" not in output


def test_a_taxonomy_translation_in_an_unknown_language_is_refused(minimal):
    write(minimal / "content/taxonomy.xx.yaml", TERM_WORDS)
    code, output = check_output(minimal)
    assert code == 1 and "content/taxonomy.xx.yaml:1: 'xx' is not one of the site's languages" in output


@pytest.mark.parametrize("label, expected", [("Autism", "autism"), ("ADHD", "ADHD"), ("EHC plan needed", "EHC plan needed"),
                                             ("Early years (0 to 4)", "early years (0 to 4)"), ("التوحد", "التوحد")])
def test_a_label_inside_a_sentence_keeps_the_capitals_of_an_abbreviation(label, expected):
    assert mid_sentence(label) == expected

# ---- the shipped content ----

FIRST_GUIDES = ("what-is-the-local-offer", "getting-independent-advice", "asking-for-an-ehc-needs-assessment",
                "autism-and-adhd-pathway", "early-years-support")


@pytest.mark.parametrize("code", ["ur", "pl", "ro", "ar"])
def test_the_five_first_guides_and_the_interpreters_page_are_translated_and_marked_unchecked(code, project):
    paths = [project / f"content/guides/{slug}.{code}.md" for slug in FIRST_GUIDES]
    paths.append(project / f"content/pages/help-in-your-language.{code}.md")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "checked_by_fluent_speaker: false" in text, path
    interpreters = (project / f"content/pages/help-in-your-language.{code}.md").read_text(encoding="utf-8")
    assert "0115 915 5555" in interpreters  # the same facts as the English page


def test_shipped_translations_pass_the_check(built):
    result, site = built
    assert (site / "ar/guides/autism-and-adhd-pathway/index.html").is_file()
    assert 'dir="rtl"' in (site / "ur/index.html").read_text(encoding="utf-8")


def test_a_language_page_title_ends_in_its_language_and_never_holds_the_catalogue_header(built):
    _, site = built
    titles = {path: re.search(r"<title>(.*?)</title>", html_of(site, path), re.S).group(1)
              for path in ("ur/help-in-your-language/index.html", "pl/guides/what-is-the-local-offer/index.html",
                           "ar/guides/sleep/index.html")}
    assert not any("Project-Id-Version" in title or "\n" in title for title in titles.values())
    assert " - Poradniki - " in titles["pl/guides/what-is-the-local-offer/index.html"]
    assert " - الأدلة - " in titles["ar/guides/sleep/index.html"]  # an untranslated guide, in the Arabic interface


@pytest.mark.parametrize("code", ["ur", "pl", "ro", "ar"])
def test_the_shipped_taxonomy_files_translate_every_term_but_the_ward_names(code, built):
    result, _ = built
    with_words = {(kind, str(term_id)) for kind, terms in
                  yaml.safe_load((PROJECT / f"content/taxonomy.{code}.yaml").read_text(encoding="utf-8"))["terms"].items()
                  for term_id in terms}
    model = result.model
    every = {(kind, term.id) for kind in TERM_KINDS if kind != "areas"
             for term in (model.access_routes if kind == "access_routes" else model.taxonomy[kind]).values()}
    assert every <= with_words
    assert {("areas", "city-wide"), ("areas", "outside-nottingham")} <= with_words


def test_a_long_listing_is_narrowed_in_the_pages_language(built):
    _, site = built
    page = html_of(site, "pl/areas/city-wide/index.html")
    assert "<legend>Rodzaj wsparcia</legend>" in page and ">Zdrowie (" in page
    assert "Services for ADHD" in html_of(site, "needs/adhd/index.html")  # an abbreviation keeps its capitals
