"""The content health report as the site publishes it: a page (with heat maps drawn as accessible SVG
beside their data tables) and the same report as JSON, both written on every build."""
from __future__ import annotations

import json
import math
from xml.sax.saxutils import escape

from markupsafe import Markup

from .languages import N_, Phrase
from .pages import crumb, crumbs
from .render import Page
from .report import build_report
from .routes import url_for

PAGE_TITLE = Phrase(N_("Content health"))
SOURCE = "templates/content_health.html"

# Heat map colours, lightest to darkest, each with the text colour that meets WCAG AA contrast on it
# (every pair is 4.5:1 or more). Colour is never the only signal: each cell prints its number.
LEVELS = (("#f3f2f1", "#0b0c0c"),   # none
          ("#d2e2f1", "#0b0c0c"),
          ("#a6c8e8", "#0b0c0c"),
          ("#5694ca", "#0b0c0c"),
          ("#1d4f91", "#ffffff"))
CELL_WIDTH, CELL_HEIGHT, FONT = 52, 34, 14
LETTER_WIDTH = 8.2  # an average letter at 14px, to size the label margins


def write_report(staging, report: dict) -> None:
    """The report as JSON, for scripts and the report-diff command; its page is rendered with the others."""
    staging.write(url_for("content-health-json"), json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n")


def report_page(report: dict) -> Page:
    heat_maps = {name: {"svg": heat_map_svg(grid, f"map-{name}"), "summary": gap_summary(grid), "id": f"map-{name}"}
                 for name, grid in report["gaps"].items()}
    return Page(url_for("content-health"), "content_health.html", PAGE_TITLE,
                crumbs(crumb(PAGE_TITLE, "content-health")), source=SOURCE,
                context={"report": report, "heat_maps": heat_maps})


def level_of(number: int, largest: int) -> int:
    """0 for none, then four steps up to the largest count in the map."""
    return 0 if number == 0 else max(1, math.ceil(4 * number / max(largest, 1)))


def gap_summary(grid: dict) -> str:
    """The picture's text alternative: what it shows and where the gaps are."""
    cells = len(grid["rows"]) * len(grid["columns"])
    empty = grid["empty"]
    labels = {term["id"]: term["label"] for term in grid["rows"] + grid["columns"]}
    text = (f"{grid['title']}: {len(grid['rows'])} rows ({grid['row_heading'].lower()}) by "
            f"{len(grid['columns'])} columns ({grid['column_heading'].lower()}). ")
    if not empty:
        return text + f"Every one of the {cells} combinations has at least one."
    named = "; ".join(f"{labels[row]}, {labels[column]}" for row, column in empty[:12])
    more = f"; and {len(empty) - 12} more" if len(empty) > 12 else ""
    return text + f"{len(empty)} of {cells} combinations have none: {named}{more}."


def heat_map_svg(grid: dict, element_id: str) -> Markup:
    rows, columns, counts = grid["rows"], grid["columns"], grid["counts"]
    largest = max((n for line in counts for n in line), default=0)
    label_width = 16 + LETTER_WIDTH * max((len(r["label"]) for r in rows), default=4)
    header_height = 16 + 0.72 * LETTER_WIDTH * max((len(c["label"]) for c in columns), default=4)  # at 45 degrees
    width = math.ceil(label_width + CELL_WIDTH * len(columns) + header_height)  # room for the last slanted label
    height = math.ceil(header_height + CELL_HEIGHT * len(rows) + 4)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" role="img" '
             f'aria-labelledby="{element_id}-title {element_id}-desc" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" font-size="{FONT}" font-family="system-ui, sans-serif">',
             f'<title id="{element_id}-title">{escape(grid["title"])}</title>',
             f'<desc id="{element_id}-desc">{escape(gap_summary(grid))}</desc>']
    for index, column in enumerate(columns):
        x, y = label_width + CELL_WIDTH * (index + 0.5), header_height - 8
        parts.append(f'<text x="{x:.0f}" y="{y:.0f}" transform="rotate(-45 {x:.0f} {y:.0f})" '
                     f'fill="currentColor">{escape(column["label"])}</text>')
    for row_index, (row, line) in enumerate(zip(rows, counts)):
        y = header_height + CELL_HEIGHT * row_index
        parts.append(f'<text x="{label_width - 8:.0f}" y="{y + CELL_HEIGHT / 2 + FONT / 3:.0f}" text-anchor="end" '
                     f'fill="currentColor">{escape(row["label"])}</text>')
        for column_index, number in enumerate(line):
            fill, text = LEVELS[level_of(number, largest)]
            x = label_width + CELL_WIDTH * column_index
            parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="{fill}" '
                         f'stroke="#6f777b"/>'
                         f'<text x="{x + CELL_WIDTH / 2:.0f}" y="{y + CELL_HEIGHT / 2 + FONT / 3:.0f}" '
                         f'text-anchor="middle" fill="{text}">{number}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
