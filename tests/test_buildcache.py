"""The build cache: a build that reuses the last build's pages is byte for byte the build without it;
an edited page is rendered again, an unchanged one is not even rewritten, a template change renders
the pages that use it again, and a broken cache or a touched file only means rendering again."""
from __future__ import annotations

import re
import shutil

import pytest

from minimal import PROJECT, make_minimal_project
from support import edit, index_part_stamps, run_cli, write
from localoffer import search
from localoffer.buildcache import FOLDER
from localoffer.pipeline import build_site

SERVICE_PAGE = "services/other-service/index.html"
UNTOUCHED_PAGE = "services/nottingham-sendiass/index.html"
# Pagefind names its filter files differently on every run, with or without the cache, and the
# service worker and offline manifest carry a hash and the total size of every built file: those are
# compared without them.
NAMED_BY_PAGEFIND = "pagefind/"
BUILD_HASH = re.compile(rb'[0-9a-f]{12}|"bytes":[0-9]+|"pagefind/[^"]*"')


def site_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def comparable(files: dict) -> dict:
    kept = {name: data for name, data in files.items() if not name.startswith(NAMED_BY_PAGEFIND)}
    for name in ("sw.js", "offline-manifest.json"):
        kept[name] = BUILD_HASH.sub(b"HASH", kept[name])
    return kept


def stamps(site) -> dict:
    """Each file's inode and time: a file rewritten or replaced gets a new one of either."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*.html")}


@pytest.fixture
def project(tmp_path):
    return make_minimal_project(tmp_path / "project")


@pytest.fixture
def languages_project(tmp_path):
    return make_minimal_project(tmp_path / "project", languages=True)


def test_a_cached_build_is_the_same_as_a_build_without_the_cache(project, tmp_path):
    build_site(project, project / "site")
    service = project / "content/services/other-service.yaml"
    edit(service, "name: Another service", "name: Another service, renamed")
    cached = build_site(project, project / "site")
    assert cached.notes and any("not rendered again" in note for note in cached.notes)
    fresh = run_cli(project, "--no-cache", "--output", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    assert "not rendered again" not in fresh.stdout
    with_cache, without = site_files(project / "site"), site_files(tmp_path / "fresh")
    assert comparable(with_cache) == comparable(without)
    assert len([n for n in with_cache if n.startswith(NAMED_BY_PAGEFIND)]) == \
        len([n for n in without if n.startswith(NAMED_BY_PAGEFIND)])


def stamps_around_renaming_a_service(project) -> tuple[dict, dict]:
    """Build, rename one service, build again: each output file's stamps before and after."""
    build_site(project, project / "site")
    before = stamps(project / "site")
    edit(project / "content/services/other-service.yaml", "name: Another service", "name: Another service, renamed")
    build_site(project, project / "site")
    return before, stamps(project / "site")


def test_an_edited_page_is_rendered_and_an_unchanged_one_is_not_rewritten(project):
    before, after = stamps_around_renaming_a_service(project)
    assert "Another service, renamed" in (project / "site" / SERVICE_PAGE).read_text()
    assert after[SERVICE_PAGE] != before[SERVICE_PAGE]
    assert after[UNTOUCHED_PAGE] == before[UNTOUCHED_PAGE]  # the same file, linked into the new site
    # a listing that shows the renamed service is rendered again
    assert "Another service, renamed" in (project / "site/services/index.html").read_text()


def test_a_template_change_renders_the_pages_that_use_it_again(project):
    build_site(project, project / "site")
    before = stamps(project / "site")
    edit(project / "templates/service.html", "{% block main %}", "{% block main %}<!-- changed template -->")
    build_site(project, project / "site")
    for page in (SERVICE_PAGE, UNTOUCHED_PAGE):
        assert "<!-- changed template -->" in (project / "site" / page).read_text()
        assert stamps(project / "site")[page] != before[page]


def test_a_broken_cache_is_ignored(project, tmp_path):
    build_site(project, project / "site")
    for store in (project / FOLDER).glob("*.json"):
        store.write_text('{"format": 1, "output": "' + str((project / "site").absolute()) + '", "pages": {"'
                         + UNTOUCHED_PAGE + '": ["wrong", 1, 2]}')  # cut short: not JSON
    result = build_site(project, project / "site")
    assert not any("not rendered again" in note for note in result.notes)
    build_site(project, tmp_path / "fresh", use_cache=False)
    assert comparable(site_files(project / "site")) == comparable(site_files(tmp_path / "fresh"))


def test_a_page_changed_in_the_site_since_the_last_build_is_rendered_again(project):
    build_site(project, project / "site")
    page = project / "site" / UNTOUCHED_PAGE
    original = page.read_text()
    with page.open("r+") as file:  # changed in place, same size
        file.write("X")
    build_site(project, project / "site")
    assert page.read_text() == original


def test_no_cache_renders_every_page(project):
    build_site(project, project / "site")
    before = stamps(project / "site")
    result = build_site(project, project / "site", use_cache=False)
    after = stamps(project / "site")
    assert not any("not rendered again" in note for note in result.notes)
    assert all(after[page] != before[page] for page in after if page in before)


def test_a_catalogue_change_renders_the_language_pages_again(languages_project, tmp_path):
    shutil.copytree(PROJECT / "locales", languages_project / "locales")
    build_site(languages_project, languages_project / "site")
    catalogue = languages_project / "locales/pl/LC_MESSAGES/messages.po"
    text = catalogue.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index('msgid "You can contact them yourself"')) + len('msgstr "')
    catalogue.write_text(text[:start] + "Zmieniono: " + text[start:], encoding="utf-8")
    build_site(languages_project, languages_project / "site")
    assert "Zmieniono: " in (languages_project / "site/pl/services/index.html").read_text(encoding="utf-8")
    fresh = run_cli(languages_project, "--no-cache", "--output", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    assert comparable(site_files(languages_project / "site")) == comparable(site_files(tmp_path / "fresh"))


def test_a_taxonomy_translation_change_renders_the_language_pages_again(languages_project, tmp_path):
    words = languages_project / "content/taxonomy.pl.yaml"
    write(words, "translated_by: Someone\ntranslated_on: 2026-02-01\nchecked_by_fluent_speaker: false\n"
                 "terms:\n  needs:\n    autism:\n      label: Autyzm\n")
    build_site(languages_project, languages_project / "site")
    assert "<h1>Autyzm</h1>" in (languages_project / "site/pl/needs/autism/index.html").read_text(encoding="utf-8")
    words.write_text(words.read_text(encoding="utf-8").replace("Autyzm", "Spektrum autyzmu"), encoding="utf-8")
    build_site(languages_project, languages_project / "site")
    assert "<h1>Spektrum autyzmu</h1>" in (languages_project / "site/pl/needs/autism/index.html").read_text(encoding="utf-8")
    fresh = run_cli(languages_project, "--no-cache", "--output", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    assert comparable(site_files(languages_project / "site")) == comparable(site_files(tmp_path / "fresh"))


def test_language_pages_are_cached_too(languages_project):
    before, after = stamps_around_renaming_a_service(languages_project)
    language_pages = [page for page in before if page.startswith("pl/")]
    assert language_pages and any(after[page] == before[page] for page in language_pages)


def test_a_cached_build_makes_again_only_the_index_parts_an_edit_touched(project, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 2)  # a site large enough for its index to be in parts
    build_site(project, project / "site")
    before = index_part_stamps(project / "site")
    edit(project / "content/services/other-service.yaml", "name: Another service", "name: Another service, renamed")
    build_site(project, project / "site")
    after = index_part_stamps(project / "site")
    assert len(before) == len(after) >= 3 and all(before)
    made_again = [number for number, files in enumerate(after) if files != before[number]]
    assert len(made_again) == 1  # the part with the renamed service; the others linked from the last site
    assert all(set(files.values()).isdisjoint(before[number].values()) for number, files in enumerate(after)
               if number in made_again)
    # without the cache, Pagefind makes every part
    build_site(project, project / "site", use_cache=False)
    assert all(files != after[number] for number, files in enumerate(index_part_stamps(project / "site")))


def test_an_index_part_touched_since_the_last_build_is_made_again(project, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 2)
    build_site(project, project / "site")
    touched = project / "site" / search.part_folder(1) / "pagefind-entry.json"
    touched.write_text(touched.read_text() + " ")
    before = index_part_stamps(project / "site")
    build_site(project, project / "site")
    after = index_part_stamps(project / "site")
    assert after[1] != before[1] and not touched.read_text().endswith(" ")  # made again by Pagefind
    assert [files for number, files in enumerate(after) if number != 1] == \
        [files for number, files in enumerate(before) if number != 1]
