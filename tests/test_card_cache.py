"""Cards and links a listing shows many of are rendered once per language and kind of listing, and
fitted to each listing's depth (render.ListedItems): a fitted item must be exactly the item rendered
for that listing."""
from __future__ import annotations

import itertools
import re

import pytest

from minimal import make_minimal_project
from localoffer import languages
from localoffer.load import load_content
from localoffer.pages import plan_pages
from localoffer.render import LISTED, SITE_LINK, fitted, make_environment
from localoffer.routes import language_of
from localoffer.sitemodel import build_model
from localoffer.validate import validate

# Each kind of listed item, with the listings' own variables it is rendered with
LISTING_VARIABLES = {"service_cards": {"heading_level": (2, 3, 4), "narrow": (True, False)},
                     "guide_cards": {"heading_level": (2, 3, 4)},
                     "guide_link_items": {}}


def test_every_listed_kind_is_covered():
    assert set(LISTING_VARIABLES) == set(LISTED)


def two_language_site(tmp_path):
    """A small project in English and the site's other languages: (project, model, every page)."""
    project = make_minimal_project(tmp_path / "project", languages=True)
    content = load_content(project / "content")
    validate(content)
    model = build_model(content)
    pages = plan_pages(model)
    pages += languages.plan_languages(project, content, model, pages).pages
    return project, model, pages


@pytest.mark.parametrize("name", sorted(LISTING_VARIABLES))
def test_a_fitted_item_is_the_item_rendered_for_that_listing(tmp_path, name):
    project, model, pages = two_language_site(tmp_path)
    environment = make_environment(project / "templates", model, assets={})
    listings = [page for page in pages if page.path in ("services/index.html", "ur/services/index.html")]
    assert len(listings) == 2
    template, item_name, narrowing_attributes = LISTED[name]
    items = model.services if item_name == "service" else model.guides
    assert items
    kinds = [dict(zip(LISTING_VARIABLES[name], values)) for values in itertools.product(*LISTING_VARIABLES[name].values())]
    arguments = "".join(f", {variable}={variable}" for variable in LISTING_VARIABLES[name])
    call = environment.from_string(f"{{{{ {name}([{item_name}], root{arguments}) }}}}")
    compared = 0
    for page, item, kind in itertools.product(listings, items, kinds):
        for root in ("", "../", "../../../"):
            variables = {**page.context, "page": page, item_name: item, "root": root, **kind}
            alone = environment.get_template(template).render(variables)
            if kind.get("narrow"):  # a narrowed listing's item carries its data- attributes in its first tag
                alone = alone.replace(">", narrowing_attributes(item) + ">", 1)
            assert call.render(variables) == alone + "\n"
            compared += 1
    rendered = sum(len(made) for made in environment.globals[name].items.values())
    assert rendered == 2 * len(items) * len(kinds)  # once per item, language and kind of listing
    assert compared == rendered * 3  # and fitted to three depths


def test_only_links_to_the_sites_pages_are_fitted_to_the_depth():
    card = SITE_LINK.split('<a href="services/a/index.html">A</a> <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>')
    assert fitted([card, card], "../../") == 2 * ('<a href="../../services/a/index.html">A</a>'
                                                ' <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>\n')
    assert fitted([card], "") == '<a href="services/a/index.html">A</a> <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>\n'


def language_parts(templates) -> set[str]:
    """Every template a template renders as a part that differs only by language."""
    return {name for path in templates.rglob("*.html")
            for name in re.findall(r'language_part\("([^"]+)"', path.read_text(encoding="utf-8"))}


def test_a_language_part_is_the_part_rendered_for_each_page(tmp_path):
    """render.LanguageParts renders a part once per language: on every page, in every language and at
    every depth, it must be exactly what the part's template gives for that page."""
    project, model, pages = two_language_site(tmp_path)
    environment = make_environment(project / "templates", model, assets={"style.css": "s", "icon.svg": "i", "offline.js": "o"})
    parts = language_parts(project / "templates")
    assert {"partials/site_nav.html", "partials/get_help.html", "partials/footer.html"} <= parts
    call = environment.from_string("{{ language_part(part, root) }}")
    depths = set()
    for page, part in itertools.product(pages, sorted(parts)):
        variables = {**page.context, "page": page, "root": page.root}
        assert call.render({**variables, "part": part}) == environment.get_template(part).render(variables), (page.path, part)
        depths.add(page.root)
    assert len(depths) >= 3
    cached = environment.globals["language_part"].parts
    site_languages = {language_of(page.path) for page in pages}
    assert len(site_languages) > 1
    assert all(sum(len(made) for made in cached[part].items.values()) == len(site_languages)
               for part in parts)  # once per language
