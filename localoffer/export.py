"""Stage 5: files for machines and for people without the internet: sitemap.xml, robots.txt, schemas."""
from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from .render import Page, clean_url


def write_sitemap(site: Path, base_url: str, pages: list[Page]) -> None:
    rows = []
    for page in pages:
        if page.path in ("404.html", "offline/index.html"):
            continue
        entry = page.context.get("entry")
        lastmod = f"<lastmod>{entry.data['last_reviewed']}</lastmod>" if entry else ""
        rows.append(f"<url><loc>{escape(clean_url(base_url, page.path))}</loc>{lastmod}</url>")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n",
        encoding="utf-8")


def write_robots(site: Path, base_url: str) -> None:
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n", encoding="utf-8")


def publish_schemas(content: Path, site: Path) -> None:
    """The JSON Schemas go online too, so editors' tools can check files as they type."""
    target = site / "schemas"
    target.mkdir(exist_ok=True)
    folder = content / "schemas"
    if folder.is_symlink():  # the check refuses it too; a link could point anywhere on the machine
        return
    for schema in sorted(folder.glob("*.schema.json")):
        if schema.is_file() and not schema.is_symlink():  # never publish the file a link points at
            shutil.copyfile(schema, target / schema.name)
