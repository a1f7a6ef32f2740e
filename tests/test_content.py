"""The shipped content: complete against the law, covering every need, age and category, truthful.

Counts and coverage are worked out from the content itself, so these fail if content is removed.
"""
from __future__ import annotations

import pytest

from localoffer import checklist
from support import PROJECT
from localoffer.readability import flesch_reading_ease
from localoffer.sitemodel import build_model
from localoffer.load import load_content
from localoffer.validate import validate


@pytest.fixture(scope="module")
def model(project):
    content = load_content(project / "content")
    assert [str(p) for p in validate(content)] == []
    return build_model(content)


def test_the_shipped_content_builds_without_warnings(built):
    result, _ = built
    assert [str(w) for w in result.warnings] == []


def test_there_are_enough_services_and_guides(model):
    assert len(model.listed_services()) >= 40
    assert len(model.guides) >= 20


@pytest.mark.parametrize("kind", ["categories", "needs", "age_bands"])
def test_every_term_has_a_service(model, kind):
    empty = [term.id for term in model.taxonomy[kind].values() if not term.services]
    assert empty == []


def test_free_and_paid_and_every_access_route_are_represented(model):
    services = model.listed_services()
    assert {s.cost_text for s in services} >= {"Free", "Paid"}
    routes = {route for s in services for route in (s.data.get("access") or {}).get("routes", [])}
    assert routes == {"self-referral", "professional referral", "EHC plan needed"}


def test_statutory_checklist_has_the_required_items_and_no_gaps(model):
    assert len(model.checklist) >= 12
    for item in model.checklist:
        assert item["reference"] and (item["covered_by"].get("guides") or item["covered_by"].get("categories"))
    content = load_content(PROJECT / "content")
    assert [str(gap) for gap in checklist.gap_problems(checklist.content_coverage(content), lambda path: 1)] == []


def test_a_gap_in_the_checklist_is_reported(project, tmp_path):
    content = load_content(project / "content")
    first = content.checklist["items"][0]
    dropped = set(first["covered_by"].get("guides") or [])
    content.documents["guide"] = [g for g in content.guides if g.slug not in dropped]
    for service in content.services:
        if set(service.data["categories"]) & set(first["covered_by"].get("categories") or []):
            service.data["status"] = "closed"
    gaps = [p for p in validate(content) if p.code == "checklist-gap"]
    assert len(gaps) == 1 and first["title"] in gaps[0].message and gaps[0].line > 0


def test_every_entry_is_reviewed_by_someone(model):
    for entry in model.services + model.guides + model.pages:
        assert entry.data["last_reviewed"] and entry.data["reviewed_by"]


def test_every_guide_is_in_plain_english(model):
    scores = {g.slug: flesch_reading_ease(g.document.body) for g in model.guides}
    assert scores
    below = {slug: score for slug, score in scores.items() if score is None or score < 60}
    assert below == {}, "guides below a reading ease of 60 (each guide must reach it, not just the average)"


def test_the_required_guides_exist(model):
    slugs = {g.slug for g in model.guides}
    for required in ("sen-support-in-school", "asking-for-an-ehc-needs-assessment", "autism-and-adhd-pathway",
                     "glossary", "you-said-we-did", "getting-this-information-offline",
                     "complaints-mediation-and-tribunal", "preparing-for-adulthood"):
        assert required in slugs
