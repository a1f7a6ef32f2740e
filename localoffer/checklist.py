"""Which published pages meet each item of the statutory checklist (content/checklist.yaml).

One computation, from the content itself, so `check`, `build`, the build summary and any report
always agree on what is covered and what is missing.
"""
from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem

CHECKLIST_FILE = "content/checklist.yaml"


@dataclass(frozen=True)
class ItemCoverage:
    index: int
    item: dict
    guides: tuple[str, ...]       # published guides that cover it
    categories: tuple[str, ...]   # categories with at least one listed service that cover it

    @property
    def covered(self) -> bool:
        return bool(self.guides or self.categories)


def coverage(items: list, guides: set[str], categories_with_services: set[str]) -> list[ItemCoverage]:
    rows = []
    for index, item in enumerate(items):
        covered = item.get("covered_by") if isinstance(item, dict) else None
        covered = covered if isinstance(covered, dict) else {}
        rows.append(ItemCoverage(index, item if isinstance(item, dict) else {},
                                 tuple(g for g in as_list(covered.get("guides")) if g in guides),
                                 tuple(c for c in as_list(covered.get("categories")) if c in categories_with_services)))
    return rows


def content_coverage(content) -> list[ItemCoverage]:
    """Coverage from loaded content: listed (not closed) services count towards their categories."""
    categories = {category for service in content.services if service.data.get("status", "active") != "closed"
                  for category in as_list(service.data.get("categories"))}
    items = content.checklist.get("items")
    return coverage(items if isinstance(items, list) else [], {d.slug for d in content.guides}, categories)


def gap_problems(rows: list[ItemCoverage], line_of) -> list[Problem]:
    """Uncovered items, as warnings on their line of checklist.yaml."""
    return [Problem(CHECKLIST_FILE, line_of(["items", row.index]),
                    f"nothing published covers the legal requirement '{row.item.get('title')}' "
                    f"({row.item.get('reference')})",
                    "publish a guide or service about it and list it under covered_by",
                    warning=True, code="checklist-gap")
            for row in rows if not row.covered]


def as_list(value) -> list:
    """The text items of a list field (anything else is the schema check's to report)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
