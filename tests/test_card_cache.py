"""A service's card is rendered once per language and kind of listing, and fitted to each listing's
depth (render.CardCache): the fitted card must be exactly the card rendered for that listing."""
from __future__ import annotations

import itertools

from minimal import make_minimal_project
from localoffer import languages
from localoffer.load import load_content
from localoffer.pages import plan_pages
from localoffer.render import SITE_LINK, CardCache, fitted, make_environment
from localoffer.sitemodel import build_model
from localoffer.validate import validate

CALL = "{{ service_cards([service], root, heading_level, narrow) }}"


def test_a_fitted_card_is_the_card_rendered_for_that_listing(tmp_path):
    project = make_minimal_project(tmp_path / "project", languages=True)
    content = load_content(project / "content")
    validate(content)
    model = build_model(content)
    pages = plan_pages(model)
    pages += languages.plan_languages(project, content, model, pages).pages
    environment = make_environment(project / "templates", model, assets={})
    listings = [page for page in pages if page.path in ("services/index.html", "ur/services/index.html")]
    assert len(listings) == 2
    compared = 0
    for page, service in itertools.product(listings, model.services):
        for root, heading_level, narrow in itertools.product(("", "../", "../../../"), (2, 3, 4), (True, False)):
            variables = {**page.context, "page": page, "service": service, "root": root,
                         "heading_level": heading_level, "narrow": narrow}
            fitted = environment.from_string(CALL).render(variables)
            assert fitted == environment.get_template(CardCache.TEMPLATE).render(variables) + "\n"
            compared += 1
    cards = environment.globals["service_cards"].cards
    assert len(cards) == 2 * len(model.services) * 6  # once per service, language and kind of listing
    assert compared == len(cards) * 3  # and fitted to three depths


def test_only_links_to_the_sites_pages_are_fitted_to_the_depth():
    card = SITE_LINK.split('<a href="services/a/index.html">A</a> <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>')
    assert fitted([card, card], "../../") == 2 * ('<a href="../../services/a/index.html">A</a>'
                                                ' <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>\n')
    assert fitted([card], "") == '<a href="services/a/index.html">A</a> <a href="https://www.gov.uk/">B</a> <a href="#top">C</a>\n'
