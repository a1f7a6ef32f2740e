""""My list": a shortlist of services and guides a parent keeps on their own device, prints or sends.

The build provides the page and one small script of list items (title, address, summary and
contacts of every service and guide); `assets/mylist.js` does the rest in the browser, keeping the
list in localStorage only (no account, no server). A shared link holds the list in its address.
"""
from __future__ import annotations

import json

from .languages import N_, Phrase
from .pages import crumb, crumbs
from .render import Page
from .routes import url_for

# The name the items script gives its data, read by assets/mylist.js.
GLOBAL_NAME = "localOfferListItems"


def item_key(entry) -> str:
    """How the list, the button and a shared link name an entry: "service/camhs", "guide/x"."""
    return f"{entry.document.kind}/{entry.slug}"


def item_of(entry) -> dict:
    data = entry.data
    item = {"title": entry.title, "href": entry.href, "summary": entry.summary}
    if entry.document.kind == "service":
        item["organisation"] = data["organisation"]
        item["contacts"] = [{key: value for key, value in contact.items() if key in CONTACT_FIELDS}
                            for contact in data.get("contacts") or []]
        item["how_to_ask"] = (data.get("access") or {}).get("how_to_ask", "")
    return {key: value for key, value in item.items() if value}


CONTACT_FIELDS = ("name", "role", "phone", "email", "website")


def write_items(staging, model) -> int:
    """A script, not JSON, so the list also works in the copy opened from disk, where fetch cannot."""
    items = {item_key(entry): item_of(entry) for entry in model.listed_services() + model.guides}
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return staging.write(url_for("my-list-data"), f"window.{GLOBAL_NAME} = {text};\n")


def my_list_page(model) -> Page:
    title = Phrase(N_("My list"))
    return Page(url_for("my-list"), "my_list.html", title, crumbs(crumb(title, "my-list")),
                source="templates/my_list.html")
