"""The Open Referral UK export: every file valid against the vendored standard, ids stable across
builds and renames, the CSV data package complete, and schema.org data on every service page."""
from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from localoffer import openreferral
from localoffer.cli import main
from localoffer.pipeline import build_site, check_content
from localoffer.problems import ContentError
from localoffer.routes import ROUTES, url_for


@pytest.fixture(scope="module")
def registry():
    return openreferral.schema_registry()


def route_of(path: str) -> str:
    """The route whose pattern gives this path (uuids stand for the {} part)."""
    for name, pattern in ROUTES.items():
        if name in openreferral.API_PATHS and re.fullmatch(re.escape(pattern).replace(r"\{\}", "[0-9a-f-]{36}"), path):
            return name
    raise AssertionError(f"{path} is not an Open Referral address")


def exported(site):
    return {p.relative_to(site).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((site / "openreferral").rglob("*.json"))}


def test_every_exported_document_is_valid_against_the_standard(site, registry):
    documents = exported(site)
    validators = {route: openreferral.response_validator(route, registry) for route in openreferral.API_PATHS}
    phone = Draft202012Validator(json.loads((openreferral.STANDARD / "schema/phone.json").read_text()),
                                 format_checker=FormatChecker())
    seen = set()
    for path, document in documents.items():
        route = route_of(path)
        seen.add(route)
        errors = [f"{path} {list(e.absolute_path)}: {e.message}" for e in validators[route].iter_errors(document)]
        assert not errors, errors[:5]
        # phones sit inside contacts (HSDS 3.0); the UK profile's compiled service does not describe them
        for contact in document.get("contacts", []):
            for number in contact.get("phones", []):
                assert not list(phone.iter_errors(number))
    assert seen == set(openreferral.API_PATHS), "a kind of Open Referral file was not published"


def test_the_checks_would_catch_a_wrong_document(registry):
    validator = openreferral.response_validator("openreferral-service", registry)
    wrong = {"id": "not-a-uuid", "name": "A service", "status": "open", "attributes": [{"id": 5}]}
    messages = " ".join(e.message for e in validator.iter_errors(wrong))
    assert "uuid" in messages and "'open' is not one of" in messages and "not of type 'string'" in messages


def test_one_file_per_service_and_one_page_listing_them_all(built):
    result, site = built
    documents = exported(site)
    listing = documents[url_for("openreferral-services")]
    services = result.model.services
    assert listing["total_items"] == listing["size"] == len(services) == len(listing["contents"])
    assert (listing["page_number"], listing["total_pages"], listing["first_page"], listing["last_page"]) == (1, 1, True, True)
    assert listing["empty"] is False
    for entry in services:
        document = documents[url_for("openreferral-service", entry.data["id"])]
        assert document["name"] == entry.title
        assert document["organization"]["name"] == entry.data["organisation"]
    root = documents[url_for("openreferral")]
    assert root["version"] == "3.0" and root["openapi_url"].endswith("openapi.json")


def test_fields_map_to_the_standard(built):
    result, site = built
    documents = exported(site)
    sendiass = next(s for s in result.model.listed_services() if any(c.get("phone") for c in s.data["contacts"]))
    document = documents[url_for("openreferral-service", sendiass.data["id"])]
    terms = {a["taxonomy_term"]["term"] for a in document["attributes"]}
    assert {t.id for t in sendiass.categories + sendiass.needs + sendiass.age_bands + sendiass.access_routes} == terms
    number, contact = next((n, c) for n, c in enumerate(sendiass.data["contacts"]) if c.get("phone"))
    assert document["contacts"][number]["phones"][0]["number"] == contact["phone"]
    assert document["cost_options"][0]["option"] == ("Free" if sendiass.data["cost"]["free"] else "Paid")
    nhs_111 = result.model.service("nhs-111-mental-health")
    schedule = documents[url_for("openreferral-service", nhs_111.data["id"])]["schedules"][0]
    assert schedule["byday"] == "MO,TU,WE,TH,FR,SA,SU" and schedule["description"] == nhs_111.data["opening_times"]
    located = next(s for s in result.model.services if s.data.get("locations"))
    place = documents[url_for("openreferral-service", located.data["id"])]["service_at_locations"][0]["location"]
    assert place["name"] == located.data["locations"][0]["name"]


def test_empty_optional_fields_are_left_out(site):
    def empties(value, where=""):
        if isinstance(value, dict):
            return [p for key, item in value.items() for p in empties(item, f"{where}.{key}")]
        if isinstance(value, list):
            return [where] * (not value and "contents" not in where) + \
                [p for n, item in enumerate(value) for p in empties(item, f"{where}[{n}]")]
        return [where] if value is None or value == "" else []
    for path, document in exported(site).items():
        assert not empties(document), f"{path} has empty fields: {empties(document)[:5]}"


def test_opening_times_become_a_schedule_when_they_can_be_read():
    assert openreferral.parse_opening_times("monday to friday, 9am to 5.30pm") == {
        "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:30"}
    assert openreferral.parse_opening_times("term time, ring for details") == {}
    only_words = openreferral.schedules("Term time only, ring first", "38fe8a4a-27a0-52c2-94d7-6eb637f00814")
    assert only_words[0]["description"] == "Term time only, ring first" and "byday" not in only_words[0]


def test_every_shipped_service_has_its_own_permanent_id(project):
    content, warnings = check_content(project)
    assert not [w for w in warnings if w.code == "service-without-id"]
    ids = [d.data["id"] for d in content.documents["service"]]
    assert len(set(ids)) == len(ids)


def unlinked_service(project) -> str:
    """A service no other content file names."""
    texts = [p.read_text() for p in (project / "content").rglob("*") if p.is_file() and p.suffix in (".md", ".yaml")]
    for path in sorted((project / "content/services").glob("*.yaml")):
        if not any(path.stem in text for text in texts):
            return path.stem
    raise AssertionError("every service is linked from somewhere")


def test_ids_survive_a_rename_and_assign_ids_keeps_the_id_already_published(sample_project, tmp_path, capsys):
    services = sample_project / "content/services"
    slug = unlinked_service(sample_project)  # so renaming it breaks no link
    # a service without an id: exported under its file name's id, with a warning
    text = (services / f"{slug}.yaml").read_text()
    (services / f"{slug}.yaml").write_text(re.sub(r"^id: .*\n", "", text, flags=re.MULTILINE))
    _, warnings = check_content(sample_project)
    assert [(w.path, w.code) for w in warnings if w.warning and w.code == "service-without-id"] == [
        (f"content/services/{slug}.yaml", "service-without-id")]
    fallback = openreferral.file_uuid(slug)
    assert main(["--project", str(sample_project), "assign-ids"]) == 0
    assert "1 service file changed" in capsys.readouterr().out
    assert yaml.safe_load((services / f"{slug}.yaml").read_text())["id"] == fallback
    # renamed: same id, so other directories keep their link
    (services / f"{slug}.yaml").rename(services / f"renamed-{slug}.yaml")
    build_site(sample_project, tmp_path / "site")
    assert (tmp_path / "site" / url_for("openreferral-service", fallback)).exists()


def test_a_copied_id_is_refused_with_its_file_and_line(sample_project):
    services = sample_project / "content/services"
    camhs_id = yaml.safe_load((services / "camhs.yaml").read_text())["id"]
    text = (services / "scope.yaml").read_text()
    (services / "scope.yaml").write_text(re.sub(r"^id: .*$", f"id: {camhs_id}", text, count=1, flags=re.MULTILINE))
    with pytest.raises(ContentError) as raised:
        check_content(sample_project)
    [problem] = [p for p in raised.value.problems if p.code == "duplicate-service-id"]
    assert problem.path == "content/services/scope.yaml" and problem.line == 2
    assert "same id as content/services/camhs.yaml" in str(problem)


def test_an_id_that_is_not_a_uuid_is_refused_in_plain_words(sample_project):
    services = sample_project / "content/services"
    text = (services / "scope.yaml").read_text()
    (services / "scope.yaml").write_text(re.sub(r"^id: .*$", "id: scope-1", text, count=1, flags=re.MULTILINE))
    with pytest.raises(ContentError) as raised:
        check_content(sample_project)
    assert [str(p) for p in raised.value.problems] == [
        "content/services/scope.yaml:2: the id 'scope-1' is not one that 'python build.py assign-ids' writes"
        " - delete the id line, then run 'python build.py assign-ids'"]


def test_the_csv_data_package_holds_every_service_and_its_links(built):
    result, site = built
    with zipfile.ZipFile(site / url_for("openreferral-package")) as archive:
        package = json.loads(archive.read("datapackage.json"))
        tables = {resource["name"]: list(csv.DictReader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
                  for resource in package["resources"]}
        for resource in package["resources"]:
            header = archive.read(resource["path"]).decode("utf-8").splitlines()[0].split(",")
            assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert package["profile"] == "tabular-data-package" and package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert {row["name"] for row in tables["service"]} == {s.title for s in result.model.services}
    term_ids = {row["id"] for row in tables["taxonomy_term"]}
    assert tables["attribute"] and all(row["taxonomy_term_id"] in term_ids for row in tables["attribute"])
    organisation_ids = {row["id"] for row in tables["organization"]}
    assert all(row["organization_id"] in organisation_ids for row in tables["service"])
    contact_ids = {row["id"] for row in tables["contact"]}
    assert tables["phone"] and all(row["contact_id"] in contact_ids for row in tables["phone"])


def test_use_our_data_page_is_linked_from_every_page_and_names_the_licence(site):
    page = (site / url_for("use-our-data")).read_text()
    assert "Open Government Licence" in page and url_for("openreferral-package") in page
    assert 'href="../use-our-data/index.html"' in (site / url_for("services")).read_text()
    assert "use-our-data/" in (site / url_for("sitemap")).read_text()


def test_every_service_page_describes_itself_in_schema_org_json_ld(built):
    result, site = built
    for entry in result.model.services:
        page = (site / entry.href).read_text()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
        assert len(blocks) == 1, entry.href
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in ("GovernmentService", "Service")
        assert data["name"] == entry.title and data["url"].endswith(f"services/{entry.slug}/")
        assert data["provider"]["name"] == entry.data["organisation"]
        assert data["areaServed"]["name"] == "Nottingham"
        assert data["audience"]["suggestedMaxAge"] == entry.data.get("maximum_age", 25)
        if any(c.get("phone") or c.get("email") for c in entry.data.get("contacts", [])):
            assert data["provider"]["contactPoint"][0]["@type"] == "ContactPoint"


def test_json_ld_cannot_end_its_script_early():
    from types import SimpleNamespace

    from localoffer.structured import json_ld
    document = SimpleNamespace(data={"id": openreferral.file_uuid("x"), "organisation": "A </script><b>"}, slug="x")
    entry = SimpleNamespace(document=document, data=document.data, title="</script>", summary="a & b",
                            href="services/x/index.html", categories=[])
    text = str(json_ld(entry, {"base_url": "https://example.org/", "council": "Council"}))
    assert "</script>" not in text and json.loads(text)["name"] == "</script>"


def test_a_child_id_is_the_uuid5_of_its_parent_and_place():
    """Ids inside a service are uuid5s of the service's id, worked out without the uuid module's
    objects: they must stay the ones already published."""
    for parent in ("6f1c4b7e-5a0d-4f43-9a57-2d1f0c6e8b31", str(uuid.UUID(int=0)), str(uuid.UUID(int=2**128 - 1))):
        for place in (("schedule",), ("attribute", "needs", "autism"), ("contact", "0"), ("language", "Polski")):
            expected = str(uuid.uuid5(uuid.UUID(parent), "/".join(place)))
            assert openreferral.child_uuid(parent, *place) == expected
            assert uuid.UUID(expected).version == 5
