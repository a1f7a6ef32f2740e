"""The preview's fast path: an edited page is written at once and nothing else is touched; a mistake
is reported instead; a template change re-renders the pages from the last build."""
from __future__ import annotations

import pytest

from minimal import make_minimal_project
from localoffer import search
from localoffer.pipeline import build_site
from localoffer.quick import QuickPreview
from localoffer.routes import language_of


@pytest.fixture
def preview(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    result = build_site(project, project / "site")
    return QuickPreview(project, project / "site", result)


def mtimes(site):
    return {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_an_edited_service_page_is_written_and_nothing_else(preview):
    site = preview.output
    before = mtimes(site)
    service = preview.project / "content/services/other-service.yaml"
    service.write_text(service.read_text().replace("name: Another service", "name: A renamed service"))
    written, problems = preview.edited_file(service)
    assert (written, problems) == ("services/other-service/index.html", [])
    assert "A renamed service" in (site / written).read_text()
    after = mtimes(site)
    assert [p for p in after if after[p] != before.get(p)] == [site / written]


def test_a_mistake_in_the_edited_file_is_reported_and_the_page_kept(preview):
    page = preview.output / "services/other-service/index.html"
    before = page.read_text()
    service = preview.project / "content/services/other-service.yaml"
    service.write_text(service.read_text().replace("needs: [all]", "needs: [autsim]"))
    written, problems = preview.edited_file(service)
    assert written is None
    assert [str(p) for p in problems] == ["content/services/other-service.yaml:8: 'autsim' is not one of the "
                                          "needs in content/taxonomy.yaml - did you mean 'autism'?"]
    assert page.read_text() == before


def test_a_new_guide_gets_its_page_at_once(preview):
    first = preview.project / "content/guides/first-guide.md"
    new = first.with_name("brand-new-guide.md")
    new.write_text(first.read_text().replace("The first guide", "A brand new guide"))
    written, problems = preview.edited_file(new)
    assert written == "guides/brand-new-guide/index.html" and problems == []
    assert "A brand new guide" in (preview.output / written).read_text()


def test_files_without_a_page_of_their_own_wait_for_the_full_build(preview):
    assert preview.edited_file(preview.project / "content/taxonomy.yaml") == (None, [])
    assert preview.edited_file(preview.project / "content/site.yaml") == (None, [])


def test_a_template_change_re_renders_the_pages(preview):
    template = preview.project / "templates/service.html"
    template.write_text(template.read_text().replace("<h2 id=\"at-a-glance\">{{ _(\"At a glance\") }}</h2>",
                                                     "<h2 id=\"at-a-glance\">In short</h2>"))
    assert preview.all_pages() > 10
    assert "In short</h2>" in (preview.output / "services/other-service/index.html").read_text()


def test_a_template_change_re_renders_only_the_pages_that_use_it(preview):
    before = mtimes(preview.output)
    template = preview.project / "templates/service.html"
    template.write_text(template.read_text().replace("<h2 id=\"at-a-glance\">{{ _(\"At a glance\") }}</h2>",
                                                     "<h2 id=\"at-a-glance\">In short</h2>"))
    written = preview.all_pages({"service.html"})
    after = mtimes(preview.output)
    changed = sorted(p.relative_to(preview.output).as_posix() for p in after if after[p] != before.get(p))
    assert written == len(changed) == 3
    assert all(path.startswith("services/") and path != "services/index.html" for path in changed)
    assert "In short</h2>" in (preview.output / "services/other-service/index.html").read_text()
    # a partial used by every page (through base.html) re-renders every page
    assert preview.all_pages({"partials/footer.html"}) > 10


def test_a_change_to_the_card_template_re_renders_the_listings(preview):
    template = preview.project / "templates/partials/service_card.html"
    template.write_text(template.read_text().replace('<li class="card"', '<li class="card changed"'))
    assert preview.all_pages({"partials/service_card.html"}) > 0
    assert 'class="card changed"' in (preview.output / "services/index.html").read_text()


@pytest.mark.parametrize("part", ["partials/site_nav.html", "partials/footer.html"])
def test_a_change_to_a_part_rendered_once_per_language_re_renders_every_page(preview, part):
    """Parts that differ only by language are rendered from Python (render.LanguageParts), not included:
    the preview still knows which pages use them, and does not show the part it rendered before."""
    template = preview.project / "templates" / part
    template.write_text(template.read_text().replace("</ul>", "</ul><p>Changed part</p>", 1))
    assert preview.all_pages({part}) > 10
    for page in ("services/index.html", "services/other-service/index.html", "guides/index.html"):
        assert "<p>Changed part</p>" in (preview.output / page).read_text()


def test_a_template_change_re_renders_every_page_as_the_full_build_made_it(tmp_path, monkeypatch):
    # Every page in every language, as the build planned it: with its language's links to the other
    # languages, and (a large site's) search page naming its index's later parts.
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 1)
    project = make_minimal_project(tmp_path / "project", languages=True)
    result = build_site(project, project / "site")
    built = {path: path.read_bytes() for path in (project / "site").rglob("*.html")}
    assert "data-pagefind-parts=" in (project / "site/search/index.html").read_text()
    assert any(language_of(path.relative_to(project / "site").as_posix()) for path in built)
    written = QuickPreview(project, project / "site", result).all_pages()
    assert written == len([page for page in result.planned if not page.offline_download]) > len(built) / 2
    assert {path: path.read_bytes() for path in (project / "site").rglob("*.html")} == built
