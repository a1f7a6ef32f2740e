"""Browse listings put the specific before the general, never list a service for the wrong ages,
open with the guides to read first, and can be narrowed; guides open with a contents list."""
from __future__ import annotations

import re

import pytest

from support import write
from minimal import make_minimal_project
from localoffer.pipeline import build_site
from localoffer.sitemodel import fits_band


def service(name, needs, low=0, high=25, routes="[self-referral]", free="true", categories="[advice-and-support]"):
    return f"""
        name: {name}
        summary: A service that helps families in Nottingham with things they need.
        organisation: Nottingham City Council
        categories: {categories}
        needs: {needs}
        minimum_age: {low}
        maximum_age: {high}
        cost:
          free: {free}
        access:
          routes: {routes}
        last_reviewed: 2026-01-10
        reviewed_by: Local Offer team
        """


@pytest.fixture(scope="module")
def listing_site(tmp_path_factory):
    project = make_minimal_project(tmp_path_factory.mktemp("listings") / "project")
    services = project / "content/services"
    write(services / "autism-only.yaml", service("Zebra autism group", "[autism]"))
    write(services / "autism-and-more.yaml", service("Alpha autism and ADHD group", "[autism, adhd]"))
    write(services / "school-age-autism.yaml", service("School age autism club", "[autism]", 4, 16))
    for number in range(13):  # enough for the narrowing controls
        write(services / f"many-{number}.yaml", service(f"Many service {number}", "[adhd]", free="false" if number % 2 else "true",
                                                         routes="[professional referral]" if number % 3 else "[self-referral]",
                                                         categories="[health]" if number % 4 else "[education]"))
    guide = project / "content/guides/first-guide.md"
    guide.write_text(guide.read_text().replace("topic: education", "topic: education\nneeds: [autism]")
                     + "\n## Second section\n\nMore words.\n\n## Third section\n\nEven more words.\n")
    result = build_site(project, project / "site")
    return result.model, project / "site"


def titles(page: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', page)


def test_need_specific_services_come_before_services_for_every_need(listing_site):
    _, site = listing_site
    page = (site / "needs/autism/index.html").read_text()
    order = titles(page)
    assert order.index("Zebra autism group") < order.index("Alpha autism and ADHD group")  # one need before two
    assert order.index("Alpha autism and ADHD group") < order.index("Another service")  # before [all]
    assert page.index('id="services"') < page.index('id="services-for-every-need"')
    assert "Services for every need (3)" in page


def test_the_finder_ranks_the_same_way_and_never_lists_a_service_for_other_ages(listing_site):
    _, site = listing_site
    baby = (site / "find-support/0-4/autism/index.html").read_text()
    assert "School age autism club" not in baby  # ages 4 to 16 share only one year with 0 to 4
    assert titles(baby).index("Zebra autism group") < titles(baby).index("Another service")
    assert "School age autism club" in (site / "find-support/5-11/autism/index.html").read_text()
    assert "School age autism club" not in (site / "ages/0-4/index.html").read_text()


@pytest.mark.parametrize("low, high, band, fits", [(4, 16, (0, 4), False), (3, 7, (0, 4), True), (0, 25, (16, 18), True),
                                                   (11, 16, (16, 18), False), (16, 16, (16, 18), False),
                                                   (18, 25, (16, 18), False), (17, 25, (16, 18), True)])
def test_an_entry_fits_an_age_band_when_it_serves_two_of_its_years(low, high, band, fits):
    class Band:
        minimum_age, maximum_age = band
    assert fits_band(low, high, Band) is fits


def test_guides_to_read_first_open_the_listing(listing_site):
    _, site = listing_site
    page = (site / "find-support/5-11/autism/index.html").read_text()
    read_first = page[page.index('id="read-first"'):page.index('id="services"')]
    assert "The first guide" in read_first  # tagged for autism, so first
    assert page.index('id="read-first"') < page.index('id="services"')


def test_a_long_listing_can_be_narrowed_and_a_short_one_is_not(listing_site):
    _, site = listing_site
    long = (site / "needs/adhd/index.html").read_text()
    assert "Narrow this list of" in long and 'name="cost"' in long and 'name="access"' in long
    assert re.search(r'<li class="card" data-category="[a-z- ]+" data-cost="(free|paid)" data-access="[a-z- ]+">', long)
    assert re.search(r"Free \(\d+\)", long)
    assert "Narrow this list" not in (site / "needs/autism/index.html").read_text()


def test_a_guide_with_three_sections_opens_with_contents_and_who_can_help(listing_site):
    _, site = listing_site
    page = (site / "guides/first-guide/index.html").read_text()
    contents = page[page.index('class="contents"'):page.index("</nav>", page.index('class="contents"'))]
    assert re.findall(r'href="#([^"]+)"', contents) == ["how-it-works", "second-section", "third-section",
                                                        "services-that-can-help"]
    assert 'id="services-that-can-help">Who can help</h2>' in page
