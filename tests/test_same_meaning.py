"""Same-meaning groups in the search records (search.matched_groups, grouped_synonyms): a page that
uses a phrase of a group is indexed with every word of the group, so a parent's own word finds it."""
from __future__ import annotations

from types import SimpleNamespace

from localoffer import search

GROUPS = [["OT", "occupational therapy"],
          ["cant sleep", "sleep problems"],
          ["short breaks", "respite"],
          ["holiday club", "short breaks"],
          ["mental health", "wellbeing"],
          ["social, emotional and mental health", "SEMH"]]
PHRASES = search.same_meaning_phrases(GROUPS)


def used(text: str) -> list[list[str]]:
    return [GROUPS[number] for number in sorted(search.matched_groups(PHRASES, text))]


def test_a_phrase_counts_as_whole_words_in_order():
    assert used("Our occupational therapy team") == [GROUPS[0]]
    assert used("therapy that is occupational") == []
    assert used("Shortbreaks and respiteful") == []


def test_a_phrase_in_capitals_counts_only_in_capitals_and_others_in_any_case():
    assert used("Ask the OT.") == [GROUPS[0]]
    assert used("We got lost") == [] and used("ot") == [] and used("Ot") == []
    assert used("SLEEP PROBLEMS at night") == [GROUPS[1]]


def test_apostrophes_and_punctuation_between_words_are_ignored_as_the_search_page_ignores_them():
    assert used("My child can't sleep.") == [GROUPS[1]]
    assert used("My child can\u2019t sleep") == [GROUPS[1]]
    assert used("Sleep: problems and answers") == [GROUPS[1]]


def test_a_phrase_in_two_groups_uses_both():
    assert used("Short breaks for disabled children") == [GROUPS[2], GROUPS[3]]


def test_a_phrase_inside_a_longer_phrase_of_another_group_uses_both():
    assert used("Support for social, emotional and mental health needs") == [GROUPS[4], GROUPS[5]]


def test_each_group_is_placed_in_the_first_part_of_the_page_that_uses_it():
    entry = SimpleNamespace(title="Respite at weekends", summary="Short breaks and OT.",
                            document=SimpleNamespace(body="Respite. Occupational therapy. Wellbeing."))
    title, summary, body = search.grouped_synonyms(entry, PHRASES)
    assert title == GROUPS[2]
    assert summary == GROUPS[0] + GROUPS[3]
    assert body == GROUPS[4]
