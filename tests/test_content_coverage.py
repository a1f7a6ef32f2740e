"""The shipped content answers what parents ask, and every contact detail in it can be traced to a source.

Everything is worked out from the content and the built site, so these fail if a guide is removed or
untagged, a contact loses its source, or an example number creeps back in.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from markupsafe import escape

from localoffer.load import load_content
from localoffer.provenance import has_sourced_contact, unsourced_facts
from localoffer.readability import flesch_reading_ease
from localoffer.render import make_environment
from localoffer.sitemodel import build_model

# Ofcom's drama range for Nottingham, and the reserved example domain: for tests and scaffolds only.
DRAMA_RANGE = re.compile(r"0115\s?496\s?0\d{3}")
EXAMPLE_DOMAIN = re.compile(r"example\.org", re.IGNORECASE)

# Each topic parents ask about: the guide that answers it, words a parent would search with (at least
# one must be in the guide's title or summary), and the built term pages that must link to the guide,
# so it is found by browsing as well as by search.
GAP_TOPICS = {
    "sleep": ("sleep", ["sleep"], ["needs/autism", "needs/adhd", "categories/health"]),
    "continence": ("continence-and-toilet-training", ["toilet", "wetting", "nappies"],
                   ["needs/physical-disability", "ages/0-4", "categories/health"]),
    "sensory processing": ("sensory-processing", ["sensory"], ["needs/autism", "categories/health"]),
    "portage": ("portage-and-home-visiting", ["portage", "home"], ["ages/0-4", "categories/early-years"]),
    "conditions and charities": ("conditions-and-national-charities", ["down syndrome", "charities"],
                                 ["needs/learning-difficulties", "needs/complex-medical-needs",
                                  "categories/advice-and-support"]),
    "home education": ("home-education", ["home education", "teach my child at home"],
                       ["categories/education", "ages/5-11", "ages/12-15"]),
    "bullying": ("bullying", ["bullied", "bullying"], ["categories/advice-and-support", "ages/12-15"]),
    "medical conditions at school": ("medical-conditions-at-school", ["epilepsy", "healthcare plan"],
                                     ["needs/complex-medical-needs", "categories/health"]),
    "school anxiety": ("school-anxiety-and-attendance", ["anxious", "school avoidance", "school refusal"],
                       ["needs/social-emotional-mental-health", "categories/education"]),
    "accessible play": ("accessible-play-and-leisure", ["play", "swim", "clubs"],
                        ["categories/leisure", "ages/5-11"]),
    "therapy": ("occupational-therapy-and-physiotherapy", ["occupational therap", "physiotherap"],
                ["needs/physical-disability", "categories/health"]),
}

YOUNG_PEOPLE_HUB = "for-young-people"
YOUNG_PEOPLE_GUIDES = ["your-rights-at-16", "college-internships-and-jobs", "money-at-16",
                       "travelling-on-your-own", "moving-to-adult-health-services", "advice-for-young-people"]


@pytest.fixture(scope="module")
def model(project):
    return build_model(load_content(project / "content"))


def active_services(model):
    return [s for s in model.services if s.data.get("status", "active") == "active"]


def test_every_active_service_has_a_sourced_contact_route(model):
    """Its own phone, email or website, or the sourced route that replaces it (and whose role says so)."""
    missing = [s.slug for s in active_services(model) if not has_sourced_contact(s.data)]
    assert missing == []


def test_a_contact_that_stands_in_for_the_service_says_so(model):
    """A shared council or NHS line on another service's page must say what it is and what to ask for."""
    owners = {"0115 876 4800": None, "0115 876 4300": "send-assessment-and-ehc-team",
              "0300 131 0300": "moving-to-adult-social-care"}
    for service in active_services(model):
        for contact in service.data.get("contacts") or []:
            phone = contact.get("phone")
            if phone in owners and service.slug != owners[phone]:
                assert contact.get("role"), f"{service.slug}: {contact['name']} has no role saying what it is for"


def test_every_contact_fact_has_a_source_or_says_it_is_not_confirmed(model):
    unsourced = {s.slug: unsourced_facts(s.data) for s in model.services}
    assert {slug: facts for slug, facts in unsourced.items() if facts} == {}


def test_no_service_says_its_contacts_are_examples(model):
    assert [s.slug for s in model.services if "example_contacts" in s.data] == []


def content_texts(project):
    """Every file an editor writes (schemas are rules, not content), and site.yaml's contact block."""
    content = project / "content"
    for path in sorted(content.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yaml", ".yml") and "schemas" not in path.parts \
                and path.name != "site.yaml":
            yield path.relative_to(project), path.read_text(encoding="utf-8")
    site = load_content(content).site
    yield "content/site.yaml (contact)", repr(site.get("contact"))


def test_no_content_has_an_example_number_or_address(project):
    found = [(str(path), match.group()) for path, text in content_texts(project)
             for pattern in (DRAMA_RANGE, EXAMPLE_DOMAIN) for match in pattern.finditer(text)]
    assert found == []


def test_the_example_checks_would_catch_an_example(project):
    assert DRAMA_RANGE.search("Phone 0115 496 0999 today") and EXAMPLE_DOMAIN.search("team@Example.org")
    assert not DRAMA_RANGE.search("0115 876 4300")


@pytest.mark.parametrize("topic", sorted(GAP_TOPICS))
def test_each_topic_parents_ask_about_has_a_guide_in_their_words(model, topic):
    slug, words, _ = GAP_TOPICS[topic]
    guide = model.guide(slug)
    assert guide is not None, f"no guide for {topic}"
    heading = f"{guide.title} {guide.summary}".lower()
    assert any(word in heading for word in words), f"{slug}: none of {words} in its title or summary"


@pytest.mark.parametrize("topic", sorted(GAP_TOPICS))
def test_each_topic_is_reached_by_browsing(site, topic):
    slug, _, term_pages = GAP_TOPICS[topic]
    for term_page in term_pages:
        page = (site / term_page / "index.html").read_text(encoding="utf-8")
        assert f"guides/{slug}/index.html" in page, f"{term_page} does not link to {slug}"


def test_the_young_people_hub_links_to_every_young_people_guide(site, model):
    hub = (site / "guides" / YOUNG_PEOPLE_HUB / "index.html").read_text(encoding="utf-8")
    for slug in YOUNG_PEOPLE_GUIDES:
        assert f"guides/{slug}/index.html" in hub, f"the hub does not link to {slug}"


@pytest.mark.parametrize("slug", [YOUNG_PEOPLE_HUB, *YOUNG_PEOPLE_GUIDES])
def test_young_people_guides_are_written_to_them_and_listed_for_16_to_25(site, model, slug):
    guide = model.guide(slug)
    assert guide.data.get("minimum_age", 0) in (14, 16)
    assert re.search(r"\b(you|your)\b", guide.document.body, re.IGNORECASE)
    for band in ("ages/16-18", "ages/19-25"):
        assert f"guides/{slug}/index.html" in (site / band / "index.html").read_text(encoding="utf-8")


def test_the_pathway_guide_dates_its_waiting_times_and_says_what_a_diagnosis_does_not_do(model):
    body = model.guide("autism-and-adhd-pathway").document.body
    assert "72%" in body and "September 2025" in body and "2 October 2025" in body
    assert "does not bring new services" in body


def test_every_guide_reads_at_flesch_60_or_more(model):
    scores = {g.slug: round(flesch_reading_ease(g.document.body), 1) for g in model.guides}
    assert {slug: score for slug, score in scores.items() if score < 60} == {}


def test_the_sources_partial_lists_each_source_with_its_date(project, model):
    template = make_environment(project / "templates", model, assets={}).get_template("partials/sources.html")
    entry = model.service("short-breaks-pathway-1")
    html = template.render(entry=entry, root="../../")
    assert "Where this information comes from" in html
    for source in entry.data["sources"]:
        assert f'<a href="{escape(source["url"])}">' in html
    assert "seen 23 November 2026. Used for: website, access, cost, eligibility, ages." in html
    assert "Where this information" not in template.render(entry=SimpleNamespace(data={"name": "x"}), root="")
