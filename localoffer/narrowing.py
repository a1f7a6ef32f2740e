"""Narrowing a long listing on the page, without JavaScript.

A listing of more than NARROW_FROM services offers radio buttons (type of support, cost, how to get
it); a stylesheet made here from the search filter table hides the cards that do not match, using
CSS `:has()`. The filters are the search page's own (search.FILTERS), so the two never disagree.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from markupsafe import escape

from .search import FILTERS

NARROW_FROM = 12
NARROWING = ("category", "cost", "access")  # names in search.FILTERS


def token(value: str) -> str:
    """An id as a safe, space-free token for HTML attributes and CSS (access route ids have spaces)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def narrowing_filters():
    return [f for f in FILTERS if f.name in NARROWING]


def card_attributes(entry) -> str:
    """The data- attributes a service's card carries in a listing that can be narrowed:
    ' data-category="health education" data-cost="free"...', escaped as the templates escape. The
    card is rendered once for every listing (render.ListedItems) and these are added to its first tag.
    Worked out once per entry: a service appears on many listing pages."""
    if entry.card_attributes is None:
        values = {f.name: [] for f in narrowing_filters()}
        for name, value in narrowing_values(entry):
            values[name].append(token(value))
        entry.card_attributes = "".join(f' data-{escape(name)}="{escape(" ".join(tokens))}"'
                                        for name, tokens in values.items())
    return entry.card_attributes


def narrowing_values(entry) -> tuple[tuple[str, str], ...]:
    """(filter name, value) for each value of each narrowing filter an entry has. Worked out once per
    entry: at 10,000 services, the listings that can be narrowed count about 800,000 services' values."""
    if entry.narrowing_values is None:
        entry.narrowing_values = tuple((f.name, value) for f in narrowing_filters() for value in f.of_entry(entry))
    return entry.narrowing_values


def choices(labels: dict, listing) -> list[dict]:
    """For each filter, the values the listing's services have, with how many services have each.
    `labels`: the filters' names and values in the page's language (search.search_labels,
    languages.search_labels_in). The counts are the same in every language: made once a listing."""
    groups = []
    if listing.narrowing_counts is None:
        listing.narrowing_counts = Counter(chain.from_iterable(map(narrowing_values, listing.services)))
    counted = listing.narrowing_counts
    for f in narrowing_filters():
        named = labels[f.name]["values"]
        counts = {value: count for (name, value), count in counted.items() if name == f.name}
        if len(counts) > 1:
            groups.append({"name": f.name, "title": labels[f.name]["title"],
                           "values": [(token(v), named.get(v, v), counts[v]) for v in named if v in counts]})
    return groups


def stylesheet(model) -> str:
    """One rule per filter value: when its radio button is checked, hide the cards without it."""
    rules = []
    for f in narrowing_filters():
        for value in f.values(model):
            t = token(value)
            rules.append(f'.narrowable:has(input[name="{f.name}"][value="{t}"]:checked) '
                         f'.card[data-{f.name}]:not([data-{f.name}~="{t}"]){{display:none}}')
    return "\n".join(rules) + "\n"
