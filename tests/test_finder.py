"""The guided finder: age, then need, then services and guides; static pages that never dead-end."""
from __future__ import annotations

import pytest

from minimal import make_minimal_project
from localoffer.pipeline import build_site


@pytest.fixture(scope="module")
def finder_site(tmp_path_factory):
    project = make_minimal_project(tmp_path_factory.mktemp("finder") / "project")
    path = project / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("needs: [all]", "needs: [autism]").replace("minimum_age: 0", "minimum_age: 16"))
    guide = project / "content/guides/second-guide.md"  # a guide for ages 16 to 25 only
    guide.write_text(guide.read_text().replace("topic: education", "topic: education\nminimum_age: 16"))
    result = build_site(project, project / "site")
    return result.model, project / "site"


def test_home_and_header_lead_into_the_finder(finder_site):
    model, site = finder_site
    home = (site / "index.html").read_text()
    for band in model.taxonomy["age_bands"].values():
        assert f'href="find-support/{band.id}/index.html"' in home
    assert 'href="find-support/index.html">Find support</a>' in home


def test_every_age_band_links_to_every_need(finder_site):
    model, site = finder_site
    for band in model.taxonomy["age_bands"].values():
        page = (site / f"find-support/{band.id}/index.html").read_text()
        for need in model.taxonomy["needs"].values():
            assert f'href="../../find-support/{band.id}/{need.id}/index.html"' in page
            assert (site / f"find-support/{band.id}/{need.id}/index.html").is_file()


def test_matching_services_are_listed(finder_site):
    _, site = finder_site
    assert "Another service" in (site / "find-support/16-18/autism/index.html").read_text()
    assert "Another service" not in (site / "find-support/5-11/autism/index.html").read_text()
    assert "Another service" not in (site / "find-support/16-18/adhd/index.html").read_text()


def test_no_combination_is_a_dead_end(finder_site):
    model, site = finder_site
    for band in model.taxonomy["age_bands"].values():
        for need in model.taxonomy["needs"].values():
            page = (site / f"find-support/{band.id}/{need.id}/index.html").read_text()
            if "We do not list a service for exactly this age and need yet" in page:
                assert "services/nottingham-sendiass/index.html" in page
                assert "services/rainbow-parent-carer-forum/index.html" in page
            else:
                assert 'class="card-title"' in page


def test_guides_for_the_age_are_shown(finder_site):
    _, site = finder_site
    young, older = (site / "find-support/0-4/index.html").read_text(), (site / "find-support/16-18/index.html").read_text()
    assert "The first guide" in young and "The first guide" in older  # for every age
    assert "The second guide" in older
    assert "The second guide" not in young  # it is for 16 to 25 only
