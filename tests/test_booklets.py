"""Printed booklets: made from the shipped content with WeasyPrint, every service name as real text,
the build's date, a plausible number of pages; and offered, with size and date, where the site offers
the offline download."""
from __future__ import annotations

import datetime
import json
import shutil
import subprocess

import pytest

from minimal import make_minimal_project
from localoffer import booklets
from localoffer.pipeline import build_site, check_content
from localoffer.render import long_date
from localoffer.routes import url_for
from localoffer.sitemodel import build_model

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils")

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def shipped(project):
    content, _ = check_content(project, TODAY)
    model = build_model(content, TODAY)
    band = next(iter(model.taxonomy["age_bands"].values()))
    made = booklets.make_booklets(model, project / "templates",
                                  wanted={(booklets.WHOLE, "a4"), (booklets.WHOLE, "a5"), (band.id, "a5")})
    return model, band, {(b.edition, b.paper): b for b in made}


def pdf_text(booklet, tmp_path) -> str:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(booklet.data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def normal(text: str) -> str:
    """pdftotext breaks lines and hyphenates as the page does: compare words only."""
    return " ".join(text.replace("\u2019", "'").split())


def test_the_whole_directory_has_every_service_as_text_and_the_date(shipped, tmp_path):
    model, _, made = shipped
    for paper, (low, high) in (("a4", (20, 80)), ("a5", (35, 140))):
        booklet = made[(booklets.WHOLE, paper)]
        assert booklet.data.startswith(b"%PDF-") and low <= booklet.pages <= high, (paper, booklet.pages)
        text = normal(pdf_text(booklet, tmp_path))
        missing = [s.title for s in model.listed_services() if normal(s.title) not in text]
        assert not missing, f"{paper}: not found as text: {missing}"
        assert f"made on {long_date(TODAY.isoformat())}" in text
        assert "Contents" in text and "What SEND words mean" in text and "Page 3 of" in text
        key = booklets.key_guides(model)[0]
        assert normal(key.title) in text


def test_an_age_band_booklet_holds_only_its_services(shipped, tmp_path):
    model, band, made = shipped
    text = normal(pdf_text(made[(band.id, "a5")], tmp_path))
    assert band.label in text
    assert all(normal(s.title) in text for s in band.services)
    outside = [s for s in model.listed_services() if s not in band.services]
    assert outside and not any(f"{normal(s.title)} {normal(s.summary)[:30]}" in text for s in outside)


def test_each_service_has_a_qr_code_and_its_short_address(shipped, project):
    model, _, _ = shipped
    environment = booklets.make_environment(project / "templates")
    service = model.listed_services()[0]
    html = booklets.booklet_html(environment, model, booklets.WHOLE, "All", [service], "a4")
    address = booklets.short_address(model.site["base_url"]) + f"services/{service.slug}/"
    assert f"<p>{address}</p>" in html and "<svg" in html and 'class="qr"' in html


def test_a_booklet_build_offers_each_booklet_with_its_size_and_date(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    result = build_site(project, tmp_path / "site", today=TODAY, with_booklets=True)
    site = tmp_path / "site"
    bands = list(result.model.taxonomy["age_bands"])
    expected = {url_for("booklet", edition, paper) for edition in [booklets.WHOLE, *bands] for paper in booklets.SIZES}
    assert expected == {p.relative_to(site).as_posix() for p in (site / "downloads/booklets").iterdir()}
    offline_guide = (site / url_for("guide", "getting-this-information-offline")).read_text()
    whole = url_for("booklet", booklets.WHOLE, "a4")
    assert f'href="../../{whole}"' in offline_guide and f"made {long_date(TODAY.isoformat())}" in offline_guide
    size = (site / whole).stat().st_size
    assert f"A4, {size / 1000:.0f} KB" in offline_guide
    saved = json.loads((site / url_for("offline-manifest")).read_text())["files"]
    assert not [f for f in saved if f.endswith(".pdf")], "phones saving the site for offline would download booklets"


def test_the_default_build_makes_no_booklets_and_says_how_to_ask_for_one(site):
    assert not (site / "downloads/booklets").exists()
    assert "ask us for a printed booklet" in (site / url_for("guide", "getting-this-information-offline")).read_text()
