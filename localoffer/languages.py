"""The site in other languages: each language in content/site.yaml `languages:` is a sub-site at <code>/.

What a language's sub-site holds, and why (a language must not multiply the cost of the services):
- every interface page (home, search, guides, services A to Z, find support, my list, offline), with
  the interface in that language (gettext catalogues in locales/<code>/LC_MESSAGES/messages.po,
  compiled in memory at build time);
- every guide and page: its translation where one sits beside the English file (guide.ur.md), or
  else the English text inside that language's interface with a notice and a link to help in that
  language;
- a service page only when the service entry carries a translation for that language. Other links
  to services go to the English page, marked hreflang="en" and, in listings, "(in English)".

Each Markdown body is converted once (Document.html) and reused by every language.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup, escape

from . import markdown
from .problems import Problem
from .sitemodel import Term
from .routes import KINDS, LANGUAGE_CODE, in_language, url_for, url_in

LOCALES = "locales"          # locales/<code>/LC_MESSAGES/messages.po, in the project folder
TRANSLATABLE_KINDS = ("guide", "page")  # kinds translated file by file, beside the English file
SERVICE_FIELDS = ("summary", "description", "how_to_ask")  # a service's free text that may be translated
TRANSLATION_FIELDS = {"title": str, "summary": str, "translated_by": str, "translated_on": datetime.date,
                      "checked_by_fluent_speaker": bool}
OPTIONAL_TRANSLATION_FIELDS = {"checked_by": str}


def N_(message: str) -> str:
    """Marks an English string for the catalogue (pybabel extract) where it is translated later."""
    return message


class Phrase(str):
    """A page's title or breadcrumb as Python decides it: a catalogue message, perhaps with taxonomy
    terms (and other phrases) in it. The str itself is the English; a language's page says it with
    `said`. Plain strs (a service's name, the site's name) are content, and stay as written."""

    message: str
    parts: dict

    def __new__(cls, message: str, **parts):
        english = message % {name: str(part.label if isinstance(part, Term) else part)
                             for name, part in parts.items()} if parts else message
        phrase = super().__new__(cls, english)
        phrase.message, phrase.parts = message, parts
        return phrase

    @classmethod
    def of(cls, term) -> Phrase:
        """A term's label alone (a breadcrumb); not a catalogue message, so no N_."""
        return cls("%(term)s", term=term)

    def said(self, gettext, label) -> str:
        """In a language: its catalogue's message, with each term's label in that language (`label`)."""
        words = {name: part.said(gettext, label) if isinstance(part, Phrase) else label(part)
                 for name, part in self.parts.items()}
        message = self.message if self.message == "%(term)s" else gettext(self.message)
        return message % words if words else message


def said(text: str, gettext, label) -> str:
    return text.said(gettext, label) if isinstance(text, Phrase) else text


@dataclass(frozen=True)
class Language:
    code: str
    name: str           # in itself: اردو, Polski
    english_name: str
    direction: str      # ltr or rtl
    interface_complete: bool
    checked_by_fluent_speaker: bool

    @property
    def prefix(self) -> str:
        """Its sub-site's folder; English lives at the root."""
        return "" if self.code == "en" else self.code


ENGLISH = Language("en", "English", "English", "ltr", True, True)


def codes_in(project: Path) -> list[str]:
    """The codes of site.yaml's languages, for `make messages` (python -m localoffer.languages)."""
    import yaml
    site = yaml.safe_load((project / "content" / "site.yaml").read_text(encoding="utf-8")) or {}
    return [language.code for language in site_languages(site)[1:]]


def site_languages(site: dict) -> list[Language]:
    """English first, then the languages of site.yaml in their order."""
    others = [Language(item["code"], item["name"], item["english_name"], item["direction"],
                       item["interface_complete"], item["checked_by_fluent_speaker"])
              for item in site.get("languages") or [] if isinstance(item, dict) and item.get("code") != "en"]
    return [ENGLISH, *others]


# ---- checking translations (part of `check`, with file:line messages) ----

def translation_problems(content) -> list[Problem]:
    codes = [language.code for language in site_languages(content.site)[1:]]
    originals = {(kind, d.slug): d for kind in TRANSLATABLE_KINDS for d in content.documents[kind]}
    problems = []
    for code, document in content.translations:
        problems += file_translation_problems(document, code, codes, originals)
    for service in content.services:
        problems += service_translation_problems(service, codes)
    for code, document in content.term_translations:
        problems += term_translation_problems(document, code, codes, content.taxonomy)
    return problems + help_page_problems(content)


def help_page_problems(content) -> list[Problem]:
    """site.yaml's language_help_page must be a page in content/pages/."""
    name = content.site.get("language_help_page")
    if not isinstance(name, str) or name in {d.slug for d in content.pages}:
        return []
    line = content.settings_lines["site"].line(["language_help_page"]) if "site" in content.settings_lines else 1
    return [Problem("content/site.yaml", line, f"language_help_page names a page '{name}' that does not exist",
                    "use the file name, without .md, of a page in content/pages/", code="unknown-reference")]


def unknown_language(path: str, line: int, code: str, codes: list[str]) -> Problem:
    known = ", ".join(codes) or "none yet"
    return Problem(path, line, f"'{code}' is not one of the site's languages ({known})",
                   "use one of those codes, or add the language to 'languages:' in content/site.yaml",
                   code="translation-language")


def file_translation_problems(document, code: str, codes: list[str], originals: dict) -> list[Problem]:
    path = document.path
    problems = []
    if code not in codes:
        problems.append(unknown_language(path, 1, code, codes))
    if (document.kind, document.slug) not in originals:
        english = f"{document.slug}{KINDS[document.kind].extension}"
        problems.append(Problem(path, 1, f"this translation has no English original: there is no {english} beside it",
                                f"name the file after the English file it translates, like {english[:-3]}.{code}.md",
                                code="translation-original"))
    problems += translation_field_problems(document.data, path, document.line, TRANSLATION_FIELDS,
                                           OPTIONAL_TRANSLATION_FIELDS)
    return problems


def translation_field_problems(data: dict, path: str, line, required: dict, optional: dict, at=()) -> list[Problem]:
    """Each field present with the right type; dates as YYYY-MM-DD. `line(*keys)` finds a field's line."""
    problems = []
    for name, kind in required.items():
        if name not in data:
            problems.append(Problem(path, line(*at) or 1, f"the translation has no '{name}:'",
                                    f"add '{name}:' ({FIELD_HELP[name]})", code="translation-field"))
    for name, value in data.items():
        kind = {**required, **optional}.get(name)
        where = line(*at, name) or 1
        if kind is None:
            problems.append(Problem(path, where, f"'{name}' is not a field a translation has",
                                    "use only: " + ", ".join([*required, *optional]), code="translation-field"))
        elif kind is datetime.date and not is_date(value):
            problems.append(Problem(path, where, f"'{name}: {value}' is not a date",
                                    "write the date as YYYY-MM-DD, for example 2026-11-23", code="translation-date"))
        elif kind is not datetime.date and not isinstance(value, kind):
            problems.append(Problem(path, where, f"'{name}' should be {FIELD_HELP[name]}",
                                    f"write '{name}:' as {FIELD_HELP[name]}", code="translation-field"))
    return problems


FIELD_HELP = {"title": "the page's title in that language", "summary": "one sentence in that language",
              "terms": "the terms' words, under each list's name (categories:, needs:...)",
              "translated_by": "who translated it", "translated_on": "the date, as YYYY-MM-DD",
              "checked_by_fluent_speaker": "true or false: has someone fluent checked it?",
              "checked_by": "who checked it", "description": "the description in that language",
              "how_to_ask": "how to ask, in that language"}


def is_date(value) -> bool:
    if isinstance(value, datetime.date):
        return True
    try:
        datetime.date.fromisoformat(str(value))
        return True
    except ValueError:
        return False


def service_translation_problems(service, codes: list[str]) -> list[Problem]:
    translations = service.data.get("translations")
    if translations is None:
        return []
    if not isinstance(translations, dict):
        return [Problem(service.path, service.line("translations"), "'translations' should be a list of languages",
                        "write each language code on its own line, like 'ur:', with the translated fields under it",
                        code="translation-field")]
    problems = []  # the fields themselves are checked by service.schema.json
    for code in translations:
        if code not in codes:
            problems.append(unknown_language(service.path, service.line("translations", code), str(code), codes))
    return problems


TERM_KINDS = ("access_routes", "categories", "needs", "age_bands", "areas")  # taxonomy.yaml's lists of terms
TERM_FIELDS = {"label": (2, 60), "description": (5, 200)}  # as taxonomy.schema.json allows in English
TERM_FILE_FIELDS = {"translated_by": str, "translated_on": datetime.date, "checked_by_fluent_speaker": bool,
                    "terms": dict}


def term_translation_problems(document, code: str, codes: list[str], taxonomy: dict) -> list[Problem]:
    """taxonomy.ur.yaml: who translated it, and each term's words, for terms taxonomy.yaml has."""
    path, line, key_line = document.path, document.line, document.key_line
    problems = [unknown_language(path, 1, code, codes)] if code not in codes else []
    problems += translation_field_problems(document.data, path, line, TERM_FILE_FIELDS, OPTIONAL_TRANSLATION_FIELDS)
    terms = document.data.get("terms")
    for kind, translated in (terms if isinstance(terms, dict) else {}).items():
        known = {str(term.get("id")) for term in taxonomy.get(kind) or [] if isinstance(term, dict)}
        if kind not in TERM_KINDS or not isinstance(translated, dict):
            problems.append(Problem(path, key_line("terms", kind), f"'{kind}' is not a list of terms in taxonomy.yaml",
                                    "use " + ", ".join(TERM_KINDS) + ", each with term ids under it",
                                    code="translation-field"))
            continue
        for term_id, words in translated.items():
            where = key_line("terms", kind, term_id)
            if str(term_id) not in known:
                problems.append(Problem(path, where, f"taxonomy.yaml has no {kind} term with the id '{term_id}'",
                                        "use an id from that list in taxonomy.yaml, written exactly the same",
                                        code="unknown-reference"))
            problems += term_words_problems(words, path, lambda *field: key_line("terms", kind, term_id, *field))
    return problems


def term_words_problems(words, path: str, line) -> list[Problem]:
    """One term's words; `line(field)` finds a field's line, `line()` the term's."""
    if not isinstance(words, dict) or not words:
        return [Problem(path, line(), "a term's translation should have 'label:' and 'description:' under it",
                        "write the label and the description in the language, each on its own line",
                        code="translation-field")]
    problems = []
    for name, value in words.items():
        shortest, longest = TERM_FIELDS.get(name, (0, 0))
        if name not in TERM_FIELDS:
            problems.append(Problem(path, line(name), f"'{name}' is not a field a term's translation has",
                                    "use only: label, description", code="translation-field"))
        elif not isinstance(value, str) or not shortest <= len(value) <= longest:
            problems.append(Problem(path, line(name), f"the {name} should be text of {shortest} to {longest} characters",
                                    f"write the {name} in the language, as taxonomy.yaml's English", code="translation-field"))
    return problems


# ---- translations as the build uses them ----

@dataclass
class Translation:
    """One page's translation, or a service's translated fields."""
    code: str
    data: dict
    html: str = ""          # the Markdown body, converted once
    path: str = ""

    @property
    def checked(self) -> bool:
        return bool(self.data.get("checked_by_fluent_speaker"))

    @property
    def translated_on(self) -> datetime.date:
        return as_date(self.data["translated_on"])

    def is_stale(self, english_reviewed: str) -> bool:
        """Older than its English page: the English was reviewed (and perhaps changed) after it."""
        return as_date(english_reviewed) > self.translated_on


def as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def page_translations(content) -> dict[tuple[str, str, str], Translation]:
    """(code, kind, slug) -> its translation, for every translation file."""
    return {(code, d.kind, d.slug): Translation(code, d.data, d.html, d.path) for code, d in content.translations}


def service_translation(entry, code: str) -> Translation | None:
    fields = (entry.data.get("translations") or {}).get(code)
    if not isinstance(fields, dict):
        return None
    # Looked up for every card and listing; its description is converted only for its own page
    # (translated_entry).
    return Translation(code, fields, path=entry.document.path)


# ---- the interface catalogues ----

class Catalogues:
    """Each language's compiled catalogue, read from its .po file once per build (never committed as .mo)."""

    def __init__(self, project: Path):
        self.folder = project / LOCALES
        self.loaded: dict[str, NullTranslations] = {}

    def of(self, code: str) -> NullTranslations:
        if code not in self.loaded:
            self.loaded[code] = compile_catalogue(self.folder / code / "LC_MESSAGES" / "messages.po", code)
        return self.loaded[code]


def compile_catalogue(po_path: Path, code: str) -> NullTranslations:
    """A .po file as gettext Translations, compiled in memory. No file (or English) means English."""
    if code == "en" or not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as po:
        catalogue = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def template_functions(translations: NullTranslations) -> dict:
    """gettext, ngettext and _ for templates, as jinja2.ext.i18n's "newstyle" ones behave: the
    translated text is escaped like any other, and %(name)s takes the keyword arguments."""

    @pass_context
    def gettext(context, message: str, **variables):
        text = translations.gettext(message)
        text = Markup(text) if context.eval_ctx.autoescape else text
        return text % variables if variables else text  # without values, %(name)s stays for a script

    @pass_context
    def ngettext(context, singular: str, plural: str, number: int, **variables):
        variables.setdefault("num", number)
        text = translations.ngettext(singular, plural, number)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


@lru_cache(maxsize=256)  # asked for on every page that shows "My list", the same few times per language
def plural_forms(translations: NullTranslations, code: str, singular: str, plural: str) -> dict[str, str]:
    """A plural message for each CLDR category of the language (one, two, few, many, other...), so a
    script picks one with Intl.PluralRules, whatever the count. Arabic has six."""
    rule = Locale.parse(code).plural_form
    forms = {}
    for number in range(0, 201):
        forms.setdefault(rule(number), translations.ngettext(singular, plural, number))
    return forms


# ---- the taxonomy's words in a language ----

@dataclass(frozen=True)
class TermWords:
    """Taxonomy terms' labels and descriptions in one language (content/taxonomy.<code>.yaml)."""
    code: str
    words: dict = field(default_factory=dict)  # (kind, id) -> {"label": ..., "description": ...}

    def plain(self, term, name: str = "label") -> str:
        """In the language, or else the English: for titles and filter names, which cannot mark it."""
        return self.words.get((term.kind, term.id), {}).get(name) or getattr(term, name)

    def label(self, kind: str, term_id: str, english: str) -> str:
        """A term's label by its list and id (the search filters know terms so), or else the English."""
        return self.words.get((kind, term_id), {}).get("label") or english

    def marked(self, term, name: str = "label", in_sentence: bool = False) -> str:
        """For a page: in the language, or else the English marked as English (lang, dir)."""
        translated = self.words.get((term.kind, term.id), {}).get(name)
        text = translated or getattr(term, name)
        text = mid_sentence(text) if in_sentence else text
        return text if translated or self.code == "en" else in_english_span(text)


def mid_sentence(label: str) -> str:
    """A label inside a sentence: "Autism" becomes "autism", but "ADHD" and "EHC plan" keep their capitals."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() or first[1:2].isupper() else label[:1].lower() + label[1:]


def term_words(content) -> dict[str, TermWords]:
    """Each language's TermWords, from its taxonomy.<code>.yaml (checked by term_translation_problems)."""
    found = {}
    for code, document in content.term_translations:
        terms = document.data.get("terms") if isinstance(document.data.get("terms"), dict) else {}
        found[code] = TermWords(code, {(kind, str(term_id)): words for kind, listed in terms.items()
                                       if isinstance(listed, dict)
                                       for term_id, words in listed.items() if isinstance(words, dict)})
    return found


# ---- the sub-sites ----

# The pages each language has besides its guides and pages, by template: every page families use.
# The content health report stays in English: it is the editors' view of the English content.
INTERFACE_TEMPLATES = ("home.html", "search.html", "guides.html", "services.html", "finder_start.html",
                       "finder_age.html", "finder_result.html", "terms.html", "term.html", "feedback.html",
                       "use_our_data.html", "offline.html", "my_list.html")
# Words that Python decides and templates translate: a service's cost and the guides' "Who can help".
PYTHON_WORDS = (N_("Free"), N_("Paid"), N_("Cost not confirmed"), N_("Who can help"))


@dataclass
class LanguagePlan:
    pages: list                     # the language pages, to render with the others
    stale: list[str] = field(default_factory=list)  # build summary lines: translations older than the English


@dataclass
class LanguageSite:
    """What every page of one language's sub-site is made with, decided once per language."""
    language: Language
    interface: NullTranslations     # its catalogue
    terms: TermWords
    shared: dict                    # the template functions and links of language_context, for every page
    search_labels: dict             # the search filters' names and values in the language


def plan_languages(project: Path, content, model, english_pages: list) -> LanguagePlan:
    """Plan every language's pages from the English ones, and give every page its alternates
    (the chooser and hreflang links), English pages included."""
    from .search import search_labels
    languages = site_languages(model.site)
    catalogues = Catalogues(project)
    translations = page_translations(content)
    words = term_words(content)
    labels = search_labels(model)
    plan = LanguagePlan([])
    counterparts = {page.path: {"en": page.path} for page in english_pages}
    english = language_context(ENGLISH, catalogues.of("en"), languages, translations, TermWords("en"))
    for page in english_pages:
        page.context.update(english)  # one dict for all: the card cache knows English by its functions
    for language in languages[1:]:
        interface, terms = catalogues.of(language.code), words.get(language.code, TermWords(language.code))
        wanted = [english for english in english_pages if has_page_in(english, language.code)]
        links = LanguageLinks(language.code, frozenset(english.path for english in wanted))
        shared = {**language_context(language, interface, languages, translations, terms), "links": links}
        site = LanguageSite(language, interface, terms, shared, search_labels_in(labels, interface, terms))
        made = [language_page(english, site, translations, plan) for english in wanted]
        for page in made:
            counterparts[page.context["english_path"]][language.code] = page.path
        plan.pages += made
    for page in english_pages + plan.pages:
        english = page.context.get("english_path", page.path)
        page.context["alternates"] = [(language, counterparts[english].get(language.code) or
                                       in_language(language.prefix, url_for("home")))
                                      for language in languages]
    return plan


# Marks English words inside another language's page, for screen readers, hyphenation and direction.
ENGLISH_TEXT = Markup(' lang="en" dir="ltr"')


def in_english_span(text: str) -> Markup:
    return Markup("<span{}>{}</span>").format(ENGLISH_TEXT, text)


@dataclass(frozen=True)
class Words:
    """An entry's title and summary as a listing in some language shows them."""
    title: str
    summary: str
    english: bool  # not translated into the page's language


def words_in(entry, code: str, translations: dict) -> Words:
    if code == "en":
        return Words(entry.title, entry.summary, False)
    kind = entry.document.kind
    found = (service_translation(entry, code) if kind == "service"
             else translations.get((code, kind, entry.slug)))
    if found is None:
        return Words(entry.title, entry.summary, True)
    return Words(found.data.get("title", entry.title), found.data.get("summary", entry.summary), False)


def language_context(language: Language, interface, languages, translations: dict, terms: TermWords) -> dict:
    """What every page in one language gives its templates. Made once per language, so all its pages
    share the same functions: the cache of listed items (render.ListedItems) knows a language by them."""
    code = language.code
    return {**template_functions(interface), "page_language": language, "languages": languages,
            "format_day": day_formatter(code),
            "in_english": lambda entry: code != "en" and entry.document.kind == "service"
            and service_translation(entry, code) is None,
            "english_text": ENGLISH_TEXT if code != "en" else "",
            "english_words": in_english_span if code != "en" else (lambda text: text),
            "in_language": lambda entry: words_in(entry, code, translations),
            "term_label": lambda term, in_sentence=False: terms.marked(term, "label", in_sentence),
            "term_description": lambda term: terms.marked(term, "description"),
            "plurals": lambda singular, plural: plural_forms(interface, code, singular, plural),
            "search_strings": search_strings(interface, code),
            "translate": interface.gettext}  # for Python: search result details (search.search_fields)


def search_labels_in(labels: dict, interface, terms: TermWords) -> dict:
    """The search filters' names and values in a language: taxonomy terms in its words
    (taxonomy.<code>.yaml), the values the builder names (Services, Free) from its catalogue."""
    from .search import FILTERS
    translate = interface.gettext  # not called gettext, which pybabel would read as marking "title"
    by_name = {f.name: f for f in FILTERS}
    said = {}
    for name, group in labels.items():
        kind = by_name[name].taxonomy
        said[name] = {"title": translate(group["title"]),
                      "values": {key: terms.label(kind, key, value) if kind else translate(value)
                                 for key, value in group["values"].items()}}
    return said


def day_formatter(code: str):
    """Dates as readers of the language write them; the English site's are British (23 November 2026)."""
    locale = "en_GB" if code == "en" else code

    # Most pages show a date, and few dates are distinct: each is formatted once (Babel takes about
    # 9 microseconds a date, about 0.15 s of rendering at 10,000 services).
    @lru_cache(maxsize=4096)
    def formatted(day) -> str:
        return format_date(as_date(day), format="long", locale=locale)
    return formatted


def english_globals() -> dict:
    """What templates use from this module, in English: the defaults for any page rendered
    without a language (the preview re-renders pages one by one)."""
    return {**language_context(ENGLISH, NullTranslations(), [ENGLISH], {}, TermWords("en")), "url_in": url_in,
            "link_to": link_to, "address_of": address_of}


def has_page_in(english, code: str) -> bool:
    """Whether a language's sub-site has a page for this English page (see this module's docstring)."""
    if english.fixed_root is not None:
        return False  # the 404 page: a server shows it at any address, so there is one
    entry = english.entry
    if entry is None:
        return english.template in INTERFACE_TEMPLATES
    if entry.document.kind == "service":
        return service_translation(entry, code) is not None
    return entry.document.kind in TRANSLATABLE_KINDS


def translation_of(entry, code: str, translations: dict) -> Translation | None:
    if entry.document.kind == "service":
        return service_translation(entry, code)
    return translations.get((code, entry.document.kind, entry.slug))


def language_page(english, site: LanguageSite, translations, plan: LanguagePlan):
    """The page in a language's sub-site for an English page that has one there (has_page_in)."""
    entry, interface, shared = english.entry, site.interface, site.shared
    page = dataclasses.replace(english, path=in_language(site.language.code, english.path),
                               context=dict(english.context), size=0)
    page.context.update(shared, english_path=english.path)

    def say(text: str) -> str:
        return said(text, interface.gettext, site.terms.plain)

    if "search_labels" in page.context:  # the search page's filter names, in its language
        page.context["search_labels"] = site.search_labels
    if page.context.get("narrowing"):  # a long listing's choices, named as the search filters are
        from .narrowing import choices
        page.context["narrowing"] = choices(site.search_labels, page.context["listing"])
    page.breadcrumbs = [(say(label), href) for label, href in english.breadcrumbs]
    page.title = say(english.title)
    if entry is None:
        page.indexed = False  # interface pages are not search results
        return page
    ending = english.title[len(entry.title):]  # " - Guides": the listing it belongs to, in interface words
    ending = interface.gettext(ending) if ending else ""  # a page has none, and gettext("") is the catalogue's header
    translation = translation_of(entry, site.language.code, translations)
    page.indexed = english.indexed and translation is not None
    page.context["translation"] = translation
    if translation is None:
        from .render import markdown_html
        page.context["untranslated"] = True
        page.context["body"] = markdown_html(entry, page.root, shared["links"])  # from one folder deeper
        page.title = entry.title + ending
        return page
    if translation.is_stale(entry.data["last_reviewed"]):
        page.context["translation_stale"] = True
        plan.stale.append(f"  {translation.path}: the English page was reviewed on {entry.data['last_reviewed']}, "
                          f"after this translation ({translation.translated_on})")
    page.source = translation.path  # "Suggest a change" edits the translation itself
    translated = translated_entry(entry, translation, page.root, shared["links"])
    page.context.update(entry=translated, body=translated.body_html)
    if entry.document.kind == "guide":
        from .pages import contents
        page.context["contents"] = contents(translated)
    title = translation.data.get("title", entry.title)
    page.title = title + ending
    page.breadcrumbs[-1] = (title, page.breadcrumbs[-1][1])
    return page


def translated_entry(entry, translation: Translation, root: str, links: LanguageLinks):
    """A copy of the entry with its translated words; facts (contacts, dates, links) stay the English ones."""
    from .render import markdown_html
    title = translation.data.get("title", entry.title)
    summary = translation.data.get("summary", entry.summary)
    data = entry.document.data
    if translation.data.get("how_to_ask"):
        data = {**data, "access": {**(data.get("access") or {}), "how_to_ask": translation.data["how_to_ask"]}}
    source = dataclasses.replace(entry.document, data=data)
    copy = dataclasses.replace(entry, document=source, title=title, summary=summary)
    html = translation.html or (markdown.to_html(translation.data["description"])
                                if translation.data.get("description") else "")
    if html:  # else the English body (a service with only its summary translated)
        source.__dict__["html"] = html  # the cached_property, set to the translation's Markdown
    copy.body_html = markdown_html(copy, root, links)
    return copy


def search_strings(interface, code: str) -> dict:
    """The words search.js shows, in the page's language (the script has no English of its own)."""
    gettext = interface.gettext  # named so that pybabel extract finds the strings
    return {
        "results": plural_forms(interface, code, "%(num)d result", "%(num)d results"),
        "someResults": plural_forms(interface, code, "This result matches some of your words.",
                                    "These %(num)d results match some of your words."),
        "filters": plural_forms(interface, code, "with %(num)d filter", "with %(num)d filters"),
        "for": gettext("for %(query)s"), "showingFor": gettext("Showing results for %(query)s."),
        "noneWithAll": gettext("No page has all of your words"), "searchInstead": gettext("Search for %(query)s instead"),
        "searching": gettext("Searching\u2026"), "loading": gettext("Loading search\u2026"),
        "more": gettext("Show more results"), "unavailable": gettext("Search is not available right now. Please browse instead."),
        "inEnglish": gettext("No results in this language. These results are in English:"),
        "modePagefind": gettext("Searching every service and guide."),
        "modeFallback": gettext("Searching a basic index, because this copy of the site was opened from your device. "
                                "Results may be less complete."),
    }


# ---- links: in a language's page, a link goes to that language's page when there is one ----

@dataclass(frozen=True)
class LanguageLinks:
    """The pages one language's sub-site has, by their English paths (to link to them)."""
    code: str
    available: frozenset


def link_from(root: str, path: str, links: LanguageLinks | None) -> tuple[str, str | None]:
    """(href, hreflang) of a link from a page to a page of the site (`path` from the site root,
    perhaps with a #fragment). In a language's sub-site it goes to that language's page where there
    is one, or else to the English page, said with hreflang="en". Paths already inside a language's
    sub-site, and files that are not pages, are left as they are."""
    page = path.partition("#")[0]
    if links is None or LANGUAGE_CODE.match(path.split("/")[0]):
        return root + path, None
    if page in links.available:
        return f"{root}{links.code}/{path}", None
    return root + path, ("en" if page.endswith(".html") else None)


@pass_context
def address_of(context, path: str) -> str:
    """Only the href of link_from, for a link inside a translated sentence ({% trans %})."""
    return link_from(context["root"], path, context.get("links"))[0]


@pass_context
def link_to(context, path: str) -> Markup:
    """href="..." (and hreflang) for a template's link to a page of the site: see link_from."""
    href, hreflang = link_from(context["root"], path, context.get("links"))
    # escape() and an f-string, not Markup.format: a build makes about a million links, and format is slow
    attributes = f'href="{escape(href)}"'
    return Markup(f'{attributes} hreflang="{escape(hreflang)}"' if hreflang else attributes)


def stale_notes(plan: LanguagePlan) -> list[str]:
    if not plan.stale:
        return []
    return ["Translations older than their English page (the page says so):", *plan.stale]


if __name__ == "__main__":
    print(" ".join(codes_in(Path.cwd())))
