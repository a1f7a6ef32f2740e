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
from markupsafe import Markup

from . import markdown
from .problems import Problem
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


# ---- the sub-sites ----

# The interface pages each language has, by template. Finder steps, browse pages and reports stay in
# English (they list services, which are English), and link there.
INTERFACE_TEMPLATES = ("home.html", "search.html", "guides.html", "services.html", "finder_start.html",
                       "offline.html", "my_list.html")
# Words that Python decides and templates translate: a service's cost and the guides' "Who can help".
PYTHON_WORDS = (N_("Free"), N_("Paid"), N_("Cost not confirmed"), N_("Who can help"))
# The interface pages' titles and breadcrumb labels, for the catalogue: pages.py writes them in English.
PAGE_TITLES = (N_("Home"), N_("Services A to Z"), N_("Guides"), N_("Search"), N_("Find support"),
               N_("You are offline"), N_("My list"))


@dataclass
class LanguagePlan:
    pages: list                     # the language pages, to render with the others
    stale: list[str] = field(default_factory=list)  # build summary lines: translations older than the English


def plan_languages(project: Path, content, model, english_pages: list) -> LanguagePlan:
    """Plan every language's pages from the English ones, and give every page its alternates
    (the chooser and hreflang links), English pages included."""
    languages = site_languages(model.site)
    catalogues = Catalogues(project)
    translations = page_translations(content)
    plan = LanguagePlan([])
    counterparts = {page.path: {"en": page.path} for page in english_pages}
    for page in english_pages:
        page.context.update(language_context(ENGLISH, catalogues.of("en"), languages, translations))
    for language in languages[1:]:
        interface = catalogues.of(language.code)
        wanted = [english for english in english_pages if has_page_in(english, language.code)]
        links = LanguageLinks(language.code, frozenset(english.path for english in wanted))
        shared = {**language_context(language, interface, languages, translations), "links": links}
        made = [language_page(english, language, interface, shared, translations, plan) for english in wanted]
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


def language_context(language: Language, interface, languages, translations: dict) -> dict:
    """What every page in one language gives its templates. Made once per language, so all its pages
    share the same functions: the card cache (render.CardCache) knows a language by them."""
    code = language.code
    return {**template_functions(interface), "page_language": language, "languages": languages,
            "format_day": day_formatter(code),
            "in_english": lambda entry: code != "en" and entry.document.kind == "service"
            and service_translation(entry, code) is None,
            "english_text": ENGLISH_TEXT if code != "en" else "",
            "in_language": lambda entry: words_in(entry, code, translations),
            "plurals": lambda singular, plural: plural_forms(interface, code, singular, plural),
            "search_strings": search_strings(interface, code),
            "translate": interface.gettext}  # for Python: search result details (search.search_fields)


def search_labels_in(labels: dict, interface) -> dict:
    """The search filters' names in the page's language, and the values the builder names (Services,
    Free); the taxonomy's values are content, and stay as written."""
    from .search import BUILDER_VALUES
    translate = interface.gettext  # not called gettext, which pybabel would read as marking "title"
    return {name: {"title": translate(group["title"]),
                   "values": {key: translate(value) if value in BUILDER_VALUES else value
                              for key, value in group["values"].items()}}
            for name, group in labels.items()}


def day_formatter(code: str):
    """Dates as readers of the language write them; the English site's are British (23 November 2026)."""
    locale = "en_GB" if code == "en" else code
    return lambda day: format_date(as_date(day), format="long", locale=locale)


def english_globals() -> dict:
    """What templates use from this module, in English: the defaults for any page rendered
    without a language (the preview re-renders pages one by one)."""
    return {**language_context(ENGLISH, NullTranslations(), [ENGLISH], {}), "url_in": url_in, "link_to": link_to,
            "address_of": address_of}


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


def language_page(english, language: Language, interface, shared: dict, translations, plan: LanguagePlan):
    """The page in a language's sub-site for an English page that has one there (has_page_in).
    `shared`: the language's template functions and links (language_context, LanguageLinks)."""
    entry = english.entry
    page = dataclasses.replace(english, path=in_language(language.code, english.path),
                               context=dict(english.context), size=0)
    page.context.update(shared, english_path=english.path)
    if "search_labels" in page.context:  # the search page's filter names, in its language
        page.context["search_labels"] = search_labels_in(english.context["search_labels"], interface)
    page.breadcrumbs = [(interface.gettext(label), href) for label, href in english.breadcrumbs]
    if entry is None:
        page.indexed = False  # interface pages are not search results
        page.title = interface.gettext(english.title) if english.title in PAGE_TITLES else english.title
        return page
    ending = english.title[len(entry.title):]  # " - Guides": the listing it belongs to, in interface words
    ending = interface.gettext(ending) if ending else ""  # a page has none, and gettext("") is the catalogue's header
    translation = translation_of(entry, language.code, translations)
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
    attributes = Markup('href="{}"').format(href)
    return attributes + Markup(' hreflang="{}"').format(hreflang) if hreflang else attributes


def stale_notes(plan: LanguagePlan) -> list[str]:
    if not plan.stale:
        return []
    return ["Translations older than their English page (the page says so):", *plan.stale]


if __name__ == "__main__":
    print(" ".join(codes_in(Path.cwd())))
