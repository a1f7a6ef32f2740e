"""The build: every page type, relative links, sitemap, and the atomic swap of site/."""
from __future__ import annotations

import gc
import re
import subprocess
import sys

import pytest

from support import PROJECT, write
from minimal import make_minimal_project
from localoffer.check import broken_links
from localoffer.pipeline import BuildBug, build_site
from localoffer.problems import ContentError


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project")


@pytest.fixture
def minimal_site(minimal):
    output = minimal / "site"
    result = build_site(minimal, output)
    return result, output


PAGE_TYPES = [
    "index.html", "services/index.html", "services/other-service/index.html", "guides/index.html",
    "guides/first-guide/index.html", "categories/index.html", "categories/education/index.html",
    "needs/index.html", "needs/autism/index.html", "ages/index.html", "ages/16-18/index.html",
    "areas/index.html", "areas/bulwell/index.html", "search/index.html", "contact/index.html",
    "accessibility-statement/index.html", "404.html", "sitemap.xml", "robots.txt",
    "schemas/service.schema.json",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_is_written(minimal_site, path):
    assert (minimal_site[1] / path).is_file()


def test_pages_have_one_h1_and_a_title_saying_where_you_are(minimal_site):
    page = (minimal_site[1] / "services/other-service/index.html").read_text()
    assert page.count("<h1") == 1
    assert "<title>Another service - Services - Nottingham SEND Local Offer</title>" in page
    assert 'lang="en-GB"' in page


def test_service_page_shows_its_facts(minimal_site):
    page = (minimal_site[1] / "services/other-service/index.html").read_text()
    for text in ("Another service", "Nottingham City Council", "0 to 25 years", "tel:01154960123",
                 "mailto:team@example.org", "https://example.org/team", "Last reviewed on 10 January 2026"):
        assert text in page


def test_markdown_links_between_content_become_site_links(minimal_site):
    page = (minimal_site[1] / "services/other-service/index.html").read_text()
    assert 'href="../../guides/first-guide/index.html#how-it-works"' in page
    assert '<h2 id="how-it-works">' in (minimal_site[1] / "guides/first-guide/index.html").read_text()


def test_listing_pages_list_their_services(minimal_site):
    site = minimal_site[1]
    assert "Another service" in (site / "needs/autism/index.html").read_text()  # needs: [all]
    assert "Another service" in (site / "ages/19-25/index.html").read_text()
    assert "Another service" in (site / "categories/advice-and-support/index.html").read_text()
    assert "Another service" not in (site / "categories/health/index.html").read_text()
    a_to_z = (site / "services/index.html").read_text()
    assert a_to_z.index("Another service") < a_to_z.index("SENDIASS") < a_to_z.index("The Forum")


def test_empty_listing_points_to_help(minimal_site):
    page = (minimal_site[1] / "categories/health/index.html").read_text()
    assert "We do not list any services here yet" in page
    assert "../../services/nottingham-sendiass/index.html" in page


def test_every_link_is_relative_and_resolves(minimal_site):
    site = minimal_site[1]
    assert broken_links(site) == []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for href in re.findall(r'(?:href|src)="([^"]*)"', page.read_text()):
            assert not href.startswith("/"), f"{page}: {href}"


def test_everything_is_reachable_from_home_in_three_clicks(minimal_site):
    site = minimal_site[1]
    reached, frontier = {site / "index.html"}, [site / "index.html"]
    for _ in range(3):
        next_frontier = []
        for page in frontier:
            for href in re.findall(r'href="([^"#:]+\.html)', page.read_text()):
                target = (page.parent / href).resolve()
                if target not in reached:
                    reached.add(target)
                    next_frontier.append(target)
        frontier = next_frontier
    pages = {p.resolve() for p in site.rglob("index.html")}
    # The offline page is the service worker's stand-in for a page that cannot load, like
    # 404.html: nobody navigates to it, so it is the one page not linked from the others.
    pages -= {page.resolve() for page in site.glob("*/offline/index.html")} | {(site / "offline/index.html").resolve()}
    assert pages - reached == set()


def test_404_links_from_the_published_address(minimal_site):
    page = (minimal_site[1] / "404.html").read_text()
    assert 'href="/local-offer/index.html"' in page


def test_sitemap_and_robots_use_clean_published_addresses(minimal_site):
    sitemap = (minimal_site[1] / "sitemap.xml").read_text()
    assert "<loc>https://example.org/local-offer/services/other-service/</loc>" in sitemap
    assert "<lastmod>2026-01-10</lastmod>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://example.org/local-offer/sitemap.xml" in (minimal_site[1] / "robots.txt").read_text()


def test_assets_are_fingerprinted(minimal_site):
    css = list((minimal_site[1] / "assets").glob("style.*.css"))
    assert len(css) == 1 and re.fullmatch(r"style\.[0-9a-f]{10}\.css", css[0].name)


def test_markdown_is_safe(minimal):
    write(minimal / "content/guides/first-guide.md", (minimal / "content/guides/first-guide.md").read_text()
          + "\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n")
    build_site(minimal, minimal / "site")
    page = (minimal / "site/guides/first-guide/index.html").read_text()
    assert "<script>alert" not in page and "onerror" not in page


def test_text_from_yaml_is_escaped(minimal):
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("name: Another service", 'name: "Another <script>x</script>"'))
    build_site(minimal, minimal / "site")
    page = (minimal / "site/services/other-service/index.html").read_text()
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_closed_service_keeps_its_page_but_leaves_listings(minimal):
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("organisation:", "status: closed\norganisation:"))
    build_site(minimal, minimal / "site")
    assert "This service has closed" in (minimal / "site/services/other-service/index.html").read_text()
    assert "Another service" not in (minimal / "site/services/index.html").read_text()


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_failed_build_leaves_previous_site_exactly_as_it_was(minimal_site, minimal):
    output = minimal_site[1]
    before = snapshot(output)
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("needs: [all]", "needs: [autsim]"))
    with pytest.raises(ContentError):
        build_site(minimal, output)
    assert snapshot(output) == before
    assert [p.name for p in minimal.iterdir() if p.name.startswith(".site-")] == []


def test_builder_failure_midway_leaves_previous_site_and_no_temporary_folder(minimal_site, minimal):
    output = minimal_site[1]
    before = snapshot(output)
    write(minimal / "templates/guide.html", "{% extends 'base.html' %}{% block main %}{{ 1/0 }}{% endblock %}")
    with pytest.raises(ZeroDivisionError):
        build_site(minimal, output)
    assert snapshot(output) == before
    assert [p.name for p in minimal.iterdir() if p.name.startswith(".site-")] == []


def test_the_build_freezes_its_long_lived_objects_while_it_renders_and_unfreezes_them_after(minimal_site, minimal):
    # Frozen, the content, model and pages are not walked by the garbage collector again. A preview
    # builds again and again in one process: each build must unfreeze them, failed or not, or no
    # build's objects could ever be freed.
    frozen_while_rendering = []
    build_site(minimal, minimal_site[1], use_cache=False,
               progress=lambda done, total: frozen_while_rendering.append(gc.get_freeze_count()))
    assert frozen_while_rendering and min(frozen_while_rendering) > 0
    assert gc.get_freeze_count() == 0
    write(minimal / "templates/guide.html", "{% extends 'base.html' %}{% block main %}{{ 1/0 }}{% endblock %}")
    with pytest.raises(ZeroDivisionError):
        build_site(minimal, minimal_site[1])
    assert gc.get_freeze_count() == 0


def test_broken_template_link_fails_the_build(minimal_site, minimal):
    write(minimal / "templates/page.html", "{% extends 'base.html' %}{% block main %}"
          "<h1>x</h1><a href='{{ root }}nowhere/index.html'>x</a>{% endblock %}")
    with pytest.raises(BuildBug, match="nowhere/index.html"):
        build_site(minimal, minimal_site[1])


def test_successful_rebuild_replaces_the_site(minimal_site, minimal):
    (minimal / "content/services/other-service.yaml").unlink()
    path = minimal / "content/guides/first-guide.md"
    path.write_text(path.read_text().replace("[the other guide](second-guide.md)", "the other guide"))
    build_site(minimal, minimal_site[1])
    assert not (minimal_site[1] / "services/other-service").exists()


@pytest.mark.parametrize("target", ["content", ".", "templates", ".."])
def test_refuses_to_replace_project_folders(minimal, target):
    with pytest.raises(BuildBug):
        build_site(minimal, minimal / target)
    assert (minimal / "content/site.yaml").is_file()


def test_build_command_prints_a_summary(minimal):
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(minimal)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Built \d+ pages \(3 services, 4 guides\) into .* in [\d.]+ s, with 0 warnings", result.stdout)


def test_search_index_is_written_only_inside_the_site(minimal_site, minimal):
    site = minimal_site[1]
    assert (site / "pagefind/pagefind.js").is_file()
    assert list((site / "pagefind").glob("pagefind-*ui.*")) == []
    assert not (minimal / "pagefind").exists() and not (PROJECT / "pagefind").exists()


def test_only_service_and_guide_pages_are_indexed(site, built):
    import json
    model = built[0].model
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    indexed = entry["languages"]["en"]["page_count"]
    assert indexed == len(model.listed_services()) + len(model.guides)
    fallback = (site / "search/fallback-index.js").read_text()
    assert '"u":"services/index.html"' not in fallback and "404" not in fallback
    assert fallback.count('"u":"services/') == len(model.listed_services())


def test_built_site_is_readable_by_a_web_server(minimal_site):
    import stat
    assert stat.S_IMODE(minimal_site[1].stat().st_mode) == 0o755
