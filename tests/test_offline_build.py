"""The offline parts of the build: the zip, the list 'Save for offline' uses, the service worker."""
from __future__ import annotations

import hashlib
import json
import zipfile

from minimal import make_minimal_project
from localoffer.pipeline import build_site


def test_zip_holds_the_whole_site_and_its_size_is_shown(site):
    archive = zipfile.ZipFile(site / "downloads/local-offer-offline.zip")
    names = set(archive.namelist())
    for page in site.rglob("*.html"):
        assert f"local-offer/{page.relative_to(site).as_posix()}" in names
    assert "local-offer/search/fallback-index.js" in names
    assert "local-offer/sw.js" not in names and "local-offer/downloads/local-offer-offline.zip" not in names
    size = f"{(site / 'downloads/local-offer-offline.zip').stat().st_size / 1_000_000:.1f} MB"
    for page in ("index.html", "guides/getting-this-information-offline/index.html"):
        assert f"zip file, {size})" in (site / page).read_text()
    inside = archive.read("local-offer/index.html").decode()
    assert "you are using this copy now" in inside and "@@" not in inside


# Plain scripts that only hold data for the pages (they work from disk, unlike JSON).
DATA_SCRIPTS = {"my-list/items.js"}


def test_save_for_offline_list_covers_every_file(site):
    manifest = json.loads((site / "offline-manifest.json").read_text())
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    # Open Referral data and printed booklets are for other directories and printers: written after
    # the list, so phones never download them.
    for_elsewhere = {f for f in files if f.startswith(("openreferral/", "downloads/booklets/"))}
    for_elsewhere.add("downloads/local-offer-open-referral-csv.zip")
    for_elsewhere.add("about/content-health.json")  # the health report's data is for tools, not phones
    assert set(manifest["files"]) == files - {"sw.js", "offline-manifest.json", "downloads/local-offer-offline.zip"} - for_elsewhere
    # "bytes" is what the English site saves; each language's folder adds its own bytes to that.
    in_language = {code: sum((site / f).stat().st_size for f in manifest["files"] if f.startswith(code + "/"))
                   for code in manifest["language_bytes"]}
    assert in_language == manifest["language_bytes"] and set(in_language) >= {"ur", "pl", "ro", "ar"}
    assert manifest["bytes"] + sum(in_language.values()) == sum((site / f).stat().st_size for f in manifest["files"])
    assert f'var VERSION = "{manifest["cache"].removeprefix("localoffer-")}"' in (site / "sw.js").read_text()


def test_the_cache_name_is_a_hash_of_every_saved_file_as_published(site):
    """The build hashes most files while Pagefind indexes, and Pagefind's at the end: the name must
    still be that of the files a phone downloads, as they are in the finished site."""
    manifest = json.loads((site / "offline-manifest.json").read_text())
    digest = hashlib.sha256()
    for name in manifest["files"]:
        digest.update(name.encode())
        digest.update(hashlib.sha256((site / name).read_bytes()).digest())
    assert any(name.startswith("pagefind/") for name in manifest["files"])
    assert manifest["cache"] == f"localoffer-{digest.hexdigest()[:12]}"


def test_service_worker_lists_core_files_that_exist(site):
    text = (site / "sw.js").read_text()
    assert "@@" not in text
    core = json.loads(text.split("var CORE = ", 1)[1].split(";", 1)[0])
    assert "offline/index.html" in core
    assert all((site / path).is_file() for path in core)


def test_web_manifest_and_icons(site):
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["name"] and manifest["start_url"] == "./index.html"
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file()
    assert (site / "icons/icon-192.png").read_bytes().startswith(b"\x89PNG")
    assert 'rel="manifest"' in (site / "services/index.html").read_text()


def test_a_new_build_with_changed_content_gets_a_new_cache(tmp_path):
    # (Pagefind names its filter files differently on each run, so even an identical rebuild gets
    # a new cache; what matters is that changed content always does.)
    project = make_minimal_project(tmp_path / "p")
    build_site(project, project / "site")
    first = json.loads((project / "site/offline-manifest.json").read_text())["cache"]
    path = project / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("Another service", "Another service, renamed"))
    build_site(project, project / "site")
    assert json.loads((project / "site/offline-manifest.json").read_text())["cache"] != first


# Pagefind parses addresses against https://example.com as a dummy base; it never requests it.
NOT_REQUESTS = {"example.com"}


def test_no_third_party_requests_anywhere(site):
    """Links to other sites are fine; nothing may be loaded from them: not by a page's tags or inline
    styles, not by a stylesheet's url(), and not by an address written into a script."""
    import re
    loaded = []  # (file, address)
    for page in site.rglob("*.html"):
        text = page.read_text()
        for tag in re.findall(r"<(?:script|img|link|iframe|source|video|audio|embed|object|track|image|use)\b[^>]*>", text):
            if re.search(r'rel="(?:canonical|alternate)"', tag):
                continue  # these name an address; the browser does not fetch them
            loaded += [(page, url) for url in re.findall(r'\b(?:src|href|data|poster|srcset)="([^"]*)"', tag)]
        loaded += [(page, url) for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text)]
    for sheet in site.rglob("*.css"):
        loaded += [(sheet, url) for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text())]
        loaded += [(sheet, url) for url in re.findall(r"@import\s+['\"]([^'\"]+)", sheet.read_text())]
    for script in site.rglob("*.js"):
        if script.relative_to(site).as_posix() in DATA_SCRIPTS:
            continue  # data (addresses shown as links to follow), not code that loads anything
        for url in re.findall(r"[\"'`]((?:[a-z]+:)?//[^\"'`\s]*)", script.read_text()):
            if re.match(r"(?:https?:)?//([^/:$]+)", url).group(1) not in NOT_REQUESTS:
                loaded.append((script, url))
    assert len(loaded) > 100
    outside = [(str(path.relative_to(site)), url) for path, url in loaded
               if re.match(r"(?:[a-z][a-z0-9+.-]*:|//)", url.strip(), re.IGNORECASE) and not url.startswith("data:")]
    assert outside == []
