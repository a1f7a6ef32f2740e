"""schema.org data on each service page (JSON-LD), so search engines and assistants can describe the
service correctly. It sits in `<script type="application/ld+json">`, which browsers treat as data,
never run, so the Content-Security-Policy allows it."""
from __future__ import annotations

import json

from markupsafe import Markup

from .openreferral import service_uuid
from .render import clean_url


def service_data(entry, site: dict) -> dict:
    data = entry.data
    url = clean_url(site["base_url"], entry.href)
    council_run = data["organisation"].strip().lower() == site["council"].strip().lower()
    provider_type = "GovernmentOrganization" if council_run or data["organisation"].startswith("NHS") else "Organization"
    document = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if provider_type == "GovernmentOrganization" else "Service",
        "@id": f"urn:uuid:{service_uuid(entry.document)}",
        "name": entry.title,
        "description": entry.summary,
        "url": url,
        "provider": {"@type": provider_type, "name": data["organisation"]},
        "areaServed": {"@type": "City", "name": "Nottingham"},
        "audience": {"@type": "PeopleAudience", "audienceType": "Children and young people with special "
                     "educational needs and disabilities, and their families",
                     "suggestedMinAge": data.get("minimum_age", 0), "suggestedMaxAge": data.get("maximum_age", 25)},
        "serviceType": ", ".join(term.label for term in entry.categories),
        "isAccessibleForFree": (data.get("cost") or {}).get("free"),
    }
    points = [contact_point(c) for c in data.get("contacts") or []]
    if points:
        document["availableChannel"] = {"@type": "ServiceChannel", "serviceUrl": url}
        document["provider"]["contactPoint"] = points
    return {key: value for key, value in document.items() if value not in (None, "", [])}


def contact_point(raw: dict) -> dict:
    point = {"@type": "ContactPoint", "name": raw["name"], "contactType": raw.get("role") or "enquiries",
             "telephone": raw.get("phone"), "email": raw.get("email"), "url": raw.get("website")}
    return {key: value for key, value in point.items() if value}


def json_ld(entry, site: dict) -> Markup:
    """The JSON text, safe inside a script element: "</" and "<!--" cannot end or confuse it."""
    text = json.dumps(service_data(entry, site), ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
