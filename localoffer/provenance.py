"""Which contact facts in a service entry are backed by a public source.

Pure functions on a service's data dict (as loaded from content/services/*.yaml), so the build, the
tests and reports can all ask the same questions.

The rule, kept simple so editors can predict it:

- A fact is one phone, email or website in `contacts`, or one address or postcode in `locations`.
  Its kind is the field name, except that a postcode counts as part of the address.
- A fact is *sourced* when any item in `sources` lists its kind in `supports`. Sources are matched by
  kind, not by value: a source that supports "phone" backs every phone number in the entry, so an
  entry with two numbers from two pages lists both pages with "phone".
- A fact is *flagged* when the entry's `not_yet_confirmed` text names its kind (the word "phone",
  "email", "website" or "address"; "postcode" also counts for an address). The entry then tells
  parents plainly that the detail is not confirmed, which is honest even without a source.
- Anything else is unsourced.
"""
from __future__ import annotations

import re

CONTACT_ROUTES = ("phone", "email", "website")
LOCATION_FIELDS = ("address", "postcode")

# What in not_yet_confirmed says a kind of fact is unconfirmed. "email address" and "web address" are
# about email and websites, so they do not flag a postal address.
FLAG_PATTERNS = {
    "phone": re.compile(r"\bphone"),
    "email": re.compile(r"\be-?mail"),
    "website": re.compile(r"\bwebsite|\bweb address"),
    "address": re.compile(r"(?<!mail )(?<!web )\baddress|\bpostcode"),
}


def contact_facts(data: dict) -> list[tuple[tuple, str, str]]:
    """Every contact fact as (path, kind, value), e.g. (("contacts", 0, "phone"), "phone", "0115 ...")."""
    facts = []
    for index, contact in enumerate(data.get("contacts") or []):
        for field in CONTACT_ROUTES:
            if contact.get(field):
                facts.append((("contacts", index, field), field, contact[field]))
    for index, location in enumerate(data.get("locations") or []):
        for field in LOCATION_FIELDS:
            if location.get(field):
                facts.append((("locations", index, field), "address", location[field]))
    return facts


def supported_kinds(data: dict) -> set[str]:
    """The kinds of fact that at least one source supports."""
    return {kind for source in data.get("sources") or [] for kind in source.get("supports") or []}


def flagged_kinds(data: dict) -> set[str]:
    """The kinds of fact that not_yet_confirmed says are unconfirmed."""
    text = (data.get("not_yet_confirmed") or "").lower()
    return {kind for kind, pattern in FLAG_PATTERNS.items() if pattern.search(text)}


def unsourced_facts(data: dict) -> list[tuple[tuple, str]]:
    """Each (path, value) that no source supports and that not_yet_confirmed does not cover."""
    covered = supported_kinds(data) | flagged_kinds(data)
    return [(path, value) for path, kind, value in contact_facts(data) if kind not in covered]


def sourced_contact_routes(data: dict) -> list[str]:
    """The phone numbers, email addresses and websites in contacts that a source supports."""
    supported = supported_kinds(data)
    return [value for _, kind, value in contact_facts(data) if kind in CONTACT_ROUTES and kind in supported]


def has_sourced_contact(data: dict) -> bool:
    """True if a family can reach the service (or the route to it) by a sourced phone, email or website."""
    return bool(sourced_contact_routes(data))
