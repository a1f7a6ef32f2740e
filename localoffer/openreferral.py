"""Stage 5 (export): the directory as Open Referral UK data (HSDS-UK 3.0), for other directories.

Published as static files shaped like the standard's API responses (`openreferral/index.json`,
`services.json`, `services/<id>.json`, `taxonomies.json`, `taxonomy_terms.json`, one file per
taxonomy and term), and the same data as a Tabular Data Package (one CSV per object and
`datapackage.json`) in one zip. The schemas they follow are vendored in `standards/openreferral-uk/`.

Ids are UUIDs that stay the same across builds and renames: a service's is the `id` field of its
file (`python build.py assign-ids` writes one); everything inside a service (contacts, schedules,
locations...) takes a uuid5 of the service's id and its place, and taxonomy terms a uuid5 of their
taxonomy id, which editors are told never to change.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
import zipfile
from pathlib import Path

from .languages import N_, Phrase
from .pages import crumb, crumbs
from .problems import Problem
from .render import Page, clean_url
from .routes import KINDS, url_for

STANDARD = Path(__file__).resolve().parent.parent / "standards" / "openreferral-uk"
# Fixed for ever: every derived id depends on it.
NAMESPACE = uuid.UUID("6f1c4b7e-5a0d-4f43-9a57-2d1f0c6e8b31")
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
OPENAPI_URL = ("https://raw.githubusercontent.com/OpenReferralUK/uk-profile/"
               "ecdfabf78944d480d7f580d08b702b08cbec4b09/schema/openapi.json")
VERSION = "3.0"
DATA_LICENCE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
STATUS = {"active": "active", "temporarily closed": "temporarily closed", "closed": "inactive"}
# The site's taxonomy lists that become Open Referral taxonomies (areas become service_areas).
TAXONOMIES = {"categories": "Local Offer categories", "needs": "Special educational needs and disabilities",
              "age_bands": "Age bands", "access_routes": "How to get a service"}


# ---- ids -----------------------------------------------------------------------------------------

def file_uuid(slug: str) -> str:
    """The id of a service file without an `id`: a uuid5 of its file name (changes if renamed)."""
    return str(uuid.uuid5(NAMESPACE, f"service/{slug}"))


def service_uuid(document) -> str:
    return str(document.data.get("id") or file_uuid(document.slug)).lower()


def child_uuid(parent: str, *place: str) -> str:
    """uuid5(parent, "a/b"), worked out directly: about 160,000 of these at 10,000 services, and the
    uuid module's objects cost three times the hash itself."""
    digest = bytearray(hashlib.sha1(bytes.fromhex(parent.replace("-", "")) + "/".join(place).encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def taxonomy_uuid(kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy/{kind}"))


def term_uuid(kind: str, term_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy/{kind}/{term_id}"))


def organisation_uuid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"organization/{name.strip().lower()}"))


def id_problems(content) -> list[Problem]:
    """A service without an id gets one from its file name (a warning: renaming the file would change
    it); two services with the same id (a copied file) is an error."""
    problems, seen = [], {}
    for document in content.documents.get("service", []):
        given = document.data.get("id")
        if not given:
            problems.append(Problem(document.path, 1, "this service has no id, so its Open Referral id "
                                    "would change if the file were renamed",
                                    "run 'python build.py assign-ids' and commit the result",
                                    warning=True, code="service-without-id"))
            continue
        key = str(given).lower()
        if not is_uuid(key):
            problems.append(Problem(document.path, document.line("id"),
                                    f"the id '{given}' is not one that 'python build.py assign-ids' writes",
                                    "delete the id line, then run 'python build.py assign-ids'",
                                    code="bad-service-id"))
            continue
        if key in seen:
            problems.append(Problem(document.path, document.line("id"),
                                    f"this service has the same id as {seen[key]}",
                                    "delete the id line from the copy, then run 'python build.py assign-ids'",
                                    code="duplicate-service-id"))
        seen.setdefault(key, document.path)
    return problems


def is_uuid(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text))


def assign_ids(content_folder: Path) -> list[Path]:
    """Write an `id:` line into every service file without one, keeping the rest of the file as it
    is. The id written is the one the export already used (from the file name), so nothing changes
    for anyone who has the data; from then on the file can be renamed freely."""
    changed = []
    for path in sorted((content_folder / KINDS["service"].folder).glob("*" + KINDS["service"].extension)):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^id:", text, re.MULTILINE):
            continue
        lines = text.splitlines(keepends=True)
        at = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
        lines.insert(at, f"id: {file_uuid(path.stem)}\n")
        path.write_text("".join(lines), encoding="utf-8")
        changed.append(path)
    return changed


# ---- the documents --------------------------------------------------------------------------------

def taxonomy_terms(model) -> dict[str, dict[str, dict]]:
    """{taxonomy list: {term id: Open Referral taxonomy_term}}."""
    terms = {}
    for kind, name in TAXONOMIES.items():
        source = model.access_routes if kind == "access_routes" else model.taxonomy[kind]
        terms[kind] = {term.id: drop_empty({
            "id": term_uuid(kind, term.id), "name": term.label, "description": term.description or term.label,
            "taxonomy": name, "taxonomy_id": taxonomy_uuid(kind),
            "term_uri": clean_url(model.site["base_url"], term.href) if term.href else None,
            "term": term.id}) for term in source.values()}
    return terms


def taxonomies(model, terms) -> list[dict]:
    return [{"id": taxonomy_uuid(kind), "name": name,
             "description": f"{name}, as the {model.site['name']} sorts services.",
             "uri": model.site["base_url"], "version": VERSION}
            for kind, name in TAXONOMIES.items() if terms[kind]]


def service_document(entry, model, terms) -> dict:
    """One service with everything linked to it, as `/services/{id}` returns it."""
    data, site = entry.data, model.site
    service_id = service_uuid(entry.document)
    contacts = data.get("contacts") or []
    organisation = data["organisation"]
    cost = data.get("cost") or {}
    document = {
        "id": service_id,
        "organization_id": organisation_uuid(organisation),
        "name": entry.title,
        "description": "\n\n".join(filter(None, [entry.summary, (data.get("description") or "").strip()])),
        "url": clean_url(site["base_url"], entry.href),
        "email": next((c["email"] for c in contacts if c.get("email")), None),
        "status": STATUS[data.get("status", "active")],
        "fees": None if cost.get("free", True) else cost.get("details"),
        "minimum_age": data.get("minimum_age", 0),
        "maximum_age": data.get("maximum_age", 25),
        "assured_date": data["last_reviewed"],
        "alert": data.get("not_yet_confirmed"),
        "organization": {"id": organisation_uuid(organisation), "name": organisation,
                         "description": f"{organisation} runs services listed in the {site['name']}."},
        "contacts": [contact(c, service_id, n) for n, c in enumerate(contacts)],
        "schedules": schedules(data.get("opening_times"), service_id),
        "cost_options": cost_options(cost, service_id),
        "service_areas": [{"id": child_uuid(service_id, "area", area.id), "service_id": service_id,
                           "name": area.label, "uri": clean_url(site["base_url"], area.href)}
                          for area in entry.areas],
        "languages": [{"id": child_uuid(service_id, "language", name), "service_id": service_id, "name": name}
                      for name in data.get("languages") or []],
        "service_at_locations": [service_at_location(place, service_id, n)
                                 for n, place in enumerate(data.get("locations") or [])],
    }
    # The attributes hold the shared taxonomy terms, already without empty fields: added afterwards,
    # so 10,000 services do not copy them again.
    document = drop_empty(document)
    if entry_attributes := attributes(entry, service_id, terms):
        document["attributes"] = entry_attributes
    return document


def contact(raw: dict, service_id: str, number: int) -> dict:
    contact_id = child_uuid(service_id, "contact", str(number))
    phones = [{"id": child_uuid(contact_id, "phone"), "contact_id": contact_id, "number": raw["phone"]}] \
        if raw.get("phone") else []
    return {"id": contact_id, "service_id": service_id, "name": raw["name"], "title": raw.get("role"),
            "email": raw.get("email"), "url": raw.get("website"), "phones": phones}


def cost_options(cost: dict, service_id: str) -> list[dict]:
    if not cost:
        return []
    option = {"id": child_uuid(service_id, "cost"), "service_id": service_id,
              "option": "Free" if cost["free"] else "Paid", "amount_description": cost.get("details")}
    if cost["free"]:
        option["amount"] = 0
    return [option]


def service_at_location(place: dict, service_id: str, number: int) -> dict:
    link_id = child_uuid(service_id, "location", str(number))
    location_id = child_uuid(link_id, "place")
    location = {"id": location_id, "location_type": "physical", "name": place["name"]}
    if place.get("address") and place.get("postcode"):
        location["addresses"] = [{
            "id": child_uuid(location_id, "address"), "location_id": location_id,
            "address_1": place["address"], "city": "Nottingham", "state_province": "Nottinghamshire",
            "postal_code": place["postcode"], "country": "GB", "address_type": "physical"}]
    elif place.get("address"):
        location["description"] = place["address"]
    if place.get("accessibility"):
        location["accessibility"] = [{"id": child_uuid(location_id, "accessibility"), "location_id": location_id,
                                      "description": place["accessibility"]}]
    return {"id": link_id, "service_id": service_id, "location_id": location_id, "location": location}


def attributes(entry, service_id: str, terms) -> list[dict]:
    """Categories, needs, age bands and access routes, each as a link to its taxonomy term."""
    chosen = {"categories": entry.categories, "needs": entry.needs, "age_bands": entry.age_bands,
              "access_routes": entry.access_routes}
    return [{"id": child_uuid(service_id, "attribute", kind, term.id), "link_id": service_id,
             "link_type": "service", "taxonomy_term_id": terms[kind][term.id]["id"],
             "taxonomy_term": terms[kind][term.id]}
            for kind, chosen_terms in chosen.items() for term in chosen_terms]


DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DAY_RANGE = re.compile(r"(" + "|".join(DAY_NAMES) + r")s?\s+(?:to|-)\s+(" + "|".join(DAY_NAMES) + r")s?")
TIME_RANGE = re.compile(r"(\d{1,2})(?:[.:](\d\d))?\s*(am|pm)\s*(?:to|-)\s*(\d{1,2})(?:[.:](\d\d))?\s*(am|pm)")


def schedules(text: str | None, service_id: str) -> list[dict]:
    """Opening times as a weekly schedule when they read like "Monday to Friday, 9am to 5pm" or
    "24 hours a day, every day"; otherwise the words alone, in `description`."""
    if not text:
        return []
    schedule = {"id": child_uuid(service_id, "schedule"), "service_id": service_id, "description": text}
    return [{**schedule, **parse_opening_times(text.lower())}]


def parse_opening_times(text: str) -> dict:
    if "24 hours" in text and "every day" in text:
        return {"freq": "WEEKLY", "byday": ",".join(DAYS), "opens_at": "00:00", "closes_at": "23:59"}
    days, times = DAY_RANGE.search(text), TIME_RANGE.search(text)
    if not (days and times):
        return {}
    first, last = DAY_NAMES.index(days.group(1)), DAY_NAMES.index(days.group(2))
    if last < first:
        return {}
    return {"freq": "WEEKLY", "byday": ",".join(DAYS[first:last + 1]),
            "opens_at": clock(times.group(1), times.group(2), times.group(3)),
            "closes_at": clock(times.group(4), times.group(5), times.group(6))}


def clock(hour: str, minute: str | None, half: str) -> str:
    value = int(hour) % 12 + (12 if half == "pm" else 0)
    return f"{value:02d}:{minute or '00'}"


def drop_empty(value):
    """Optional fields with nothing in them are left out rather than written as null or []."""
    if isinstance(value, dict):
        cleaned = {key: drop_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [drop_empty(item) for item in value]
    return value


LIST_FIELDS = json.loads((STANDARD / "schema/compiled/service_list.json").read_text())["properties"]


def list_item(service: dict) -> dict:
    """A service as `/services` lists it: its one-to-one fields only."""
    return {key: value for key, value in service.items() if key in LIST_FIELDS}


def page_of(items: list) -> dict:
    """All items as the single page of a paginated API response."""
    return {"total_items": len(items), "total_pages": 1, "page_number": 1, "size": len(items),
            "first_page": True, "last_page": True, "empty": not items, "contents": items}


def root_document() -> dict:
    return {"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def export_documents(model) -> tuple[dict[str, dict], list[dict], list[dict]]:
    """Every published JSON document by site path, with the services and taxonomies they hold."""
    terms = taxonomy_terms(model)
    services = [service_document(entry, model, terms) for entry in model.services]
    all_terms = [term for kind in TAXONOMIES for term in terms[kind].values()]
    listing = taxonomies(model, terms)
    documents = {url_for("openreferral"): root_document(),
                 url_for("openreferral-services"): page_of([list_item(s) for s in services]),
                 url_for("openreferral-taxonomies"): page_of(listing),
                 url_for("openreferral-taxonomy-terms"): page_of(all_terms)}
    documents.update({url_for("openreferral-service", s["id"]): s for s in services})
    documents.update({url_for("openreferral-taxonomy", t["id"]): t for t in listing})
    documents.update({url_for("openreferral-taxonomy-term", t["id"]): t for t in all_terms})
    return documents, services, listing


# ---- the Tabular Data Package ----------------------------------------------------------------------

# Where each nested list or object of a service document goes in the package.
NESTED_RESOURCE = {"organization": "organization", "contacts": "contact", "phones": "phone",
                   "schedules": "schedule", "cost_options": "cost_option", "service_areas": "service_area",
                   "languages": "language", "service_at_locations": "service_at_location",
                   "location": "location", "addresses": "address", "accessibility": "accessibility",
                   "attributes": "attribute", "taxonomy_term": "taxonomy_term"}


def package_rows(services: list[dict], listing: list[dict]) -> dict[str, dict[str, dict]]:
    """{resource name: {id: row}}: every object once, whatever it is nested in."""
    rows: dict[str, dict[str, dict]] = {}

    def add(resource: str, item: dict) -> None:
        rows.setdefault(resource, {}).setdefault(item["id"], item)
        for key, nested in item.items():
            if key in NESTED_RESOURCE:
                for child in nested if isinstance(nested, list) else [nested]:
                    add(NESTED_RESOURCE[key], child)

    for service in services:
        add("service", service)
    for taxonomy in listing:
        add("taxonomy", taxonomy)
    return rows


def data_package(model, services: list[dict], listing: list[dict]) -> bytes:
    """The same data as a Tabular Data Package: `datapackage.json` and one CSV per object, zipped."""
    standard = json.loads((STANDARD / "datapackage.json").read_text(encoding="utf-8"))
    rows = package_rows(services, listing)
    package = {"name": "nottingham-send-local-offer", "title": f"{model.site['name']}: Open Referral UK data",
               "description": standard["description"], "profile": "tabular-data-package",
               "version": standard["version"], "homepage": model.site["base_url"],
               "licenses": [DATA_LICENCE], "resources": standard["resources"]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for resource in standard["resources"]:
            fields = [f["name"] for f in resource["schema"]["fields"]]
            archive.writestr(fixed_date(resource["path"]), csv_text(fields, rows.get(resource["name"], {}).values()))
        archive.writestr(fixed_date("datapackage.json"), json.dumps(package, indent=2))
    return buffer.getvalue()


def fixed_date(name: str) -> zipfile.ZipInfo:
    """A fixed date keeps the zip identical when nothing changed."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def csv_text(fields: list[str], items) -> str:
    """One row per item: its fields in the schema's order, empty where missing or nested."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    writer.writerows([None if isinstance(value, (list, dict)) else value
                      for value in map(item.get, fields)] for item in items)
    return out.getvalue()


def write_export(staging, model) -> int:
    """Write every document and the zipped data package; return the bytes written."""
    documents, services, listing = export_documents(model)
    # Compact: without `indent` json uses its C encoder, about five times faster at 10,000 services
    # (20,000 files), and the files are smaller; any JSON viewer indents them for a reader.
    total = sum(staging.write(path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
                for path, doc in documents.items())
    return total + staging.write(url_for("openreferral-package"), data_package(model, services, listing))


def use_our_data_page(model):
    """"Use our data": what the export holds, where it is and its licence, for developers."""
    addresses = {name: url_for(name) for name in ("openreferral", "openreferral-services",
                 "openreferral-taxonomies", "openreferral-taxonomy-terms", "openreferral-package")}
    example = model.services[0] if model.services else None
    if example:
        addresses["example"] = url_for("openreferral-service", service_uuid(example.document))
    title = Phrase(N_("Use our data"))
    return Page(url_for("use-our-data"), "use_our_data.html", title, crumbs(crumb(title, "use-our-data")),
                source="templates/use_our_data.html",
                context={"addresses": addresses, "example": example, "licence": DATA_LICENCE,
                         "version": VERSION, "profile_url": PROFILE_URL})


# ---- checking against the standard (tests, and anyone changing the export) ---------------------------

# The API path whose response each published file stands for.
API_PATHS = {"openreferral": "/", "openreferral-services": "/services", "openreferral-service": "/services/{id}",
             "openreferral-taxonomies": "/taxonomies", "openreferral-taxonomy": "/taxonomies/{id}",
             "openreferral-taxonomy-terms": "/taxonomy_terms", "openreferral-taxonomy-term": "/taxonomy_terms/{id}"}
LOCAL_BASE = "https://openreferral-uk.invalid/schema/"  # a name only: the registry never fetches


def schema_registry():
    """Every vendored schema under a local name; the OpenAPI file's `$ref`s were rewritten to be
    relative to it, so they resolve inside this registry."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012
    resources = []
    for path in sorted((STANDARD / "schema").rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        name = LOCAL_BASE + path.relative_to(STANDARD / "schema").as_posix()
        resources.append((name, DRAFT202012.create_resource(contents)))
    return Registry().with_resources(resources)


def response_validator(route: str, registry=None):
    """A validator for the response the standard's OpenAPI file gives for the route's API path."""
    from jsonschema import Draft202012Validator, FormatChecker
    pointer = API_PATHS[route].replace("~", "~0").replace("/", "~1")
    schema = {"$ref": f"{LOCAL_BASE}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"}
    return Draft202012Validator(schema, registry=registry or schema_registry(), format_checker=FormatChecker())
