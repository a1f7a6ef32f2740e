"""Printed booklets for families without internet (regulation 57): the whole directory and one
booklet per age band, each in A4 and A5, as tagged PDFs made with WeasyPrint.

Each booklet has a contents list with page numbers, every service with its contacts and how to get
it, the key guides (the ones the home page offers), the glossary, and beside each service a QR code
and the short address of its page. Text is text, never a picture of text.

Slow (tens of seconds), so the default build does not make them: `python build.py booklet` builds the
site with them (the publish workflow and `make booklets` run it).
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .render import clean_url, long_date, markdown_html
from .routes import url_for

SIZES = ("a4", "a5")
WHOLE = "all"  # the booklet of every service, beside one per age band
# The guide that explains SEND words; printed at the back of every booklet if it exists.
GLOSSARY_GUIDE = "glossary"
TEMPLATE = "booklet/booklet.html"


@dataclass
class Booklet:
    edition: str        # "all" or an age band id
    paper: str          # a4 or a5
    title: str
    path: str           # site path
    data: bytes
    pages: int
    made: datetime.date

    @property
    def size_text(self) -> str:
        return f"{len(self.data) / 1000:.0f} KB" if len(self.data) < 1_000_000 else f"{len(self.data) / 1e6:.1f} MB"


def editions(model) -> list[tuple[str, str, list]]:
    """(edition id, title, services) for the whole directory and each age band."""
    whole = [(WHOLE, "Every service, all ages", model.listed_services())]
    return whole + [(band.id, band.label, band.services) for band in model.taxonomy["age_bands"].values()]


def key_guides(model) -> list:
    """The guides the home page offers as the things parents most often need, in that order."""
    chosen = [link["guide"] for link in model.site.get("home_tasks") or [] if "guide" in link]
    return [guide for slug in chosen if (guide := model.guide(slug))]


def qr_svg(address: str) -> str:
    import segno  # only publish builds need it
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", xmldecl=False, svgns=True, omitsize=True,
                                        border=1, title=f"QR code for {address}")
    return buffer.getvalue().decode("utf-8")


def short_address(address: str) -> str:
    """What a reader types: no https://, no index.html."""
    return address.split("://", 1)[-1]


def make_environment(templates: Path) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    environment.install_null_translations(newstyle=True)  # the booklet's words go through gettext, in English for now
    environment.globals["url_for"] = url_for
    return environment


def booklet_html(environment, model, edition: str, title: str, services: list, paper: str) -> str:
    base_url = model.site["base_url"]
    entries = []
    for service in services:
        address = clean_url(base_url, service.href)
        entries.append({"entry": service, "address": short_address(address), "qr": qr_svg(address)})
    guides = [{"entry": guide, "body": markdown_html(guide, base_url)} for guide in key_guides(model)]
    glossary = model.guide(GLOSSARY_GUIDE)
    return environment.get_template(TEMPLATE).render(
        site=model.site, title=title, edition=edition, paper=paper, services=entries, guides=guides,
        glossary={"entry": glossary, "body": markdown_html(glossary, base_url)} if glossary else None,
        made=long_date(model.today.isoformat()), site_address=short_address(base_url))


def make_booklets(model, templates: Path, wanted: set[tuple[str, str]] | None = None) -> list[Booklet]:
    """Every booklet, or those (edition, paper) in `wanted`. About 8 s of processor time each."""
    from weasyprint import HTML  # only publish builds need WeasyPrint and its system libraries
    environment = make_environment(templates)
    stylesheet = templates / "booklet"
    made = []
    for edition, title, services in editions(model):
        for paper in SIZES:
            if wanted is not None and (edition, paper) not in wanted:
                continue
            html = booklet_html(environment, model, edition, title, services, paper)
            document = HTML(string=html, base_url=str(stylesheet) + "/").render()
            data = document.write_pdf(pdf_variant="pdf/ua-1")
            made.append(Booklet(edition, paper, title, url_for("booklet", edition, paper), data,
                                len(document.pages), model.today))
    return made


def write_booklets(staging, booklets: list[Booklet]) -> None:
    for booklet in booklets:
        staging.write(booklet.path, booklet.data)


def summary_lines(booklets: list[Booklet]) -> list[str]:
    if not booklets:
        return []
    return ["Printed booklets (PDF):"] + [f"  {b.path}: {b.pages} pages, {b.size_text}" for b in booklets]
