"""Stage 5: files for machines: sitemap.xml, robots.txt, the published schemas."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .render import Page, clean_url
from .routes import url_for


def write_sitemap(staging, base_url: str, pages: list[Page]) -> None:
    rows = []
    for page in pages:
        if page.stand_in:
            continue
        lastmod = f"<lastmod>{page.entry.data['last_reviewed']}</lastmod>" if page.entry else ""
        rows.append(f"<url><loc>{escape(clean_url(base_url, page.path))}</loc>{lastmod}</url>")
    staging.write(url_for("sitemap"),
                  '<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n")


def write_robots(staging, base_url: str) -> None:
    staging.write(url_for("robots"), f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{url_for('sitemap')}\n")


def publish_schemas(content: Path, staging) -> None:
    """The JSON Schemas go online too, so editors' tools can check files as they type."""
    folder = content / "schemas"
    if folder.is_symlink():  # the check refuses it too; a link could point anywhere on the machine
        return
    for schema in sorted(folder.glob("*.schema.json")):
        if schema.is_file() and not schema.is_symlink():  # never publish the file a link points at
            staging.copy(schema, url_for("schema", schema.name))
