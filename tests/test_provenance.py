"""localoffer.provenance: which contact facts in a service are backed by a source or flagged as unconfirmed."""
from __future__ import annotations

from localoffer.provenance import has_sourced_contact, sourced_contact_routes, unsourced_facts

PHONE = "0115 496 0123"
EMAIL = "team@example.org"
WEBSITE = "https://example.org/team"


def service(**extra) -> dict:
    data = {
        "name": "A team",
        "contacts": [{"name": "A team", "phone": PHONE, "email": EMAIL, "website": WEBSITE}],
        "locations": [{"name": "Office", "address": "1 High Street, Nottingham", "postcode": "NG1 1AA"}],
    }
    data.update(extra)
    return data


def source(*supports: str) -> dict:
    return {"url": "https://example.org/page", "seen": "2026-11-20", "supports": list(supports)}


def test_without_sources_every_contact_fact_is_unsourced_with_its_path():
    assert unsourced_facts(service()) == [
        (("contacts", 0, "phone"), PHONE),
        (("contacts", 0, "email"), EMAIL),
        (("contacts", 0, "website"), WEBSITE),
        (("locations", 0, "address"), "1 High Street, Nottingham"),
        (("locations", 0, "postcode"), "NG1 1AA"),
    ]


def test_a_source_backs_every_fact_of_the_kinds_it_supports():
    data = service(sources=[source("phone", "website")])
    assert unsourced_facts(data) == [
        (("contacts", 0, "email"), EMAIL),
        (("locations", 0, "address"), "1 High Street, Nottingham"),
        (("locations", 0, "postcode"), "NG1 1AA"),
    ]


def test_a_source_for_the_address_also_covers_the_postcode():
    data = service(sources=[source("address", "phone", "email", "website")])
    assert unsourced_facts(data) == []


def test_not_yet_confirmed_covers_the_kinds_it_names():
    data = service(sources=[source("website")],
                   not_yet_confirmed="The phone number and postcode are not confirmed.")
    assert unsourced_facts(data) == [(("contacts", 0, "email"), EMAIL)]


def test_an_email_address_in_not_yet_confirmed_does_not_cover_the_postal_address():
    data = service(sources=[source("phone", "website")], not_yet_confirmed="The email address is not confirmed.")
    assert [path for path, _ in unsourced_facts(data)] == [("locations", 0, "address"), ("locations", 0, "postcode")]


def test_facts_that_are_not_contacts_are_never_listed():
    data = {"name": "A team", "description": "Call 0115 496 0123", "sources": [source("description")]}
    assert unsourced_facts(data) == []
    assert sourced_contact_routes(data) == [] and not has_sourced_contact(data)


def test_sourced_contact_routes_are_the_backed_phone_email_and_website_only():
    data = service(contacts=[{"name": "A", "phone": PHONE}, {"name": "B", "email": EMAIL, "website": WEBSITE}],
                   sources=[source("phone", "website", "address")])
    assert sourced_contact_routes(data) == [PHONE, WEBSITE]
    assert has_sourced_contact(data)


def test_a_flagged_contact_is_not_a_sourced_one():
    data = service(not_yet_confirmed="The phone number, email and website are not confirmed.",
                   sources=[source("address", "description")])
    assert unsourced_facts(data) == []
    assert sourced_contact_routes(data) == [] and not has_sourced_contact(data)


def test_an_entry_with_no_contacts_has_nothing_to_source():
    assert unsourced_facts({"name": "A team"}) == []
    assert not has_sourced_contact({"name": "A team", "sources": [source("phone")]})
