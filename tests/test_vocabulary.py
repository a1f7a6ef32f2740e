"""The search vocabulary: words for spelling corrections, browse pages for recognised words, and the
question words (stop words and same-meaning phrases) the search page leaves out or keeps together."""
from __future__ import annotations

import json
from types import SimpleNamespace

from minimal import make_minimal_project
from localoffer import search, vocabulary
from localoffer.load import load_content
from localoffer.validate import errors_in, validate


def term(href, label, synonyms=()):
    return SimpleNamespace(href=href, label=label, synonyms=list(synonyms))


SLEEP = term("categories/health/index.html", "Health", ["sleep clinic"])
TALKING = term("needs/speech/index.html", "Speech and language", ["SALT"])


def entry(title, summary, body="", categories=(), needs=(), data=None):
    document = SimpleNamespace(body=body, data=data or {"name": title, "summary": summary})
    return SimpleNamespace(title=title, summary=summary, document=document, href=f"x/{title}/index.html",
                           categories=list(categories), needs=list(needs), age_bands=[], areas=[], all_needs=False)


ENTRIES = [
    entry("Sleep support", "Help when your child cannot sleep.", "Sleep sleep [a guide](other-guide.md).", [SLEEP]),
    entry("Speech therapy", "Therapy for talking.", "Talking and listening.", [SLEEP], [TALKING]),
    entry("Bedtime routines", "A calm bedtime.", "Sleep at bedtime.", [SLEEP],
          data={"name": "Bedtime routines", "eligibility": "Families with a weighted blanket"}),
]


def vocabulary_of(entries, same_meaning=(), stop_words=()):
    """The vocabulary of entries handed over as the build hands them: as search records, whose
    synonyms are the same-meaning groups search found in them and their terms' words."""
    phrases = search.same_meaning_phrases(same_meaning)
    records = [SimpleNamespace(entry=e, synonyms=search.synonyms_for(e, search.grouped_synonyms(e, phrases)))
               for e in entries]
    return vocabulary.build_vocabulary(records, same_meaning, stop_words)


def built(**changes):
    return vocabulary_of(ENTRIES, **changes)


def test_words_are_the_index_words_most_frequent_first_without_stop_words():
    data = built(stop_words=["your", "when", "a"])
    assert data["words"][0] == "sleep"
    assert {"therapy", "talking", "bedtime", "salt"} <= set(data["words"])
    assert not {"your", "when", "a"} & set(data["words"])


def test_a_services_other_details_are_words_but_link_addresses_are_not():
    words = built()["words"]
    assert "weighted" in words and "blanket" in words
    assert "md" not in words and "other" not in words


def test_words_are_capped_so_the_file_stays_small(monkeypatch):
    monkeypatch.setattr(vocabulary, "MAX_WORDS", 5)
    data = built()
    assert len(data["words"]) == 5 and data["words"][0] == "sleep"


def test_same_meaning_words_count_for_pages_that_use_the_group():
    data = built(same_meaning=[["sleep", "cant sleep", "bedtime problems"], ["potty", "toilet training"]])
    assert "problems" in data["words"]   # the sleep group is used, so its words are the page's words
    assert "potty" not in data["words"]  # no page uses the potty group
    assert data["same"][0] == ["sleep", "cant sleep", "bedtime problems"]


def test_a_phrase_counts_only_as_whole_words_in_order():
    pages = [entry("Potty help", "Toilet training at home."), entry("Trains", "Training on the toilet."),
             entry("Pets", "A pottery class.")]
    used = vocabulary_of(pages, same_meaning=[["potty", "toilet training"], ["pottery class", "kiln"],
                                                            ["on the", "upon"], ["ceramics"]])
    words = set(used["words"])
    assert "kiln" in words and "upon" in words  # "pottery class" and "on the": whole words, in order
    assert "ceramics" not in words              # no page uses the group
    low = vocabulary_of(pages[1:], same_meaning=[["potty", "toilet training"]])
    assert "potty" not in low["words"]          # "training on the toilet" is not "toilet training"
    assert "nappy" not in vocabulary_of(pages[2:], same_meaning=[["pot", "nappy"]])["words"]  # "pottery"
    trainers = [entry("Trainers", "Toilet trainers for sale.")]
    assert "potty" not in vocabulary_of(trainers, same_meaning=[["potty", "toilet train"]])["words"]


def test_a_recognised_word_leads_to_its_closest_browse_pages():
    data = built()
    pages = {word: [data["terms"][i]["u"] for i in ids] for word, ids in data["browse"].items()}
    assert pages["salt"][0] == TALKING.href      # a term's own synonym names it
    assert pages["sleep"][0] == SLEEP.href       # mentioned by every page of the term
    assert pages["language"] == [TALKING.href]   # in a term's label: that term only
    assert "talking" not in pages                 # one page's mention is too weak a tie


def test_apostrophes_are_dropped_as_the_search_page_does():
    assert vocabulary.words_in("Can\u2019t sleep, won't talk") == ["cant", "sleep", "wont", "talk"]


def test_the_built_site_has_both_scripts(site):
    question = (site / "search/question-words.js").read_text(encoding="utf-8")
    words = (site / "search/vocabulary.js").read_text(encoding="utf-8")
    assert question.startswith("window.LOCAL_OFFER_QUESTION_WORDS=")
    assert words.startswith("window.LOCAL_OFFER_VOCABULARY=")
    data = json.loads(words[words.index("=") + 1:].rstrip().rstrip(";"))
    assert "autism" in data["words"] and "son" not in data["words"]
    assert "needs/autism/index.html" in [data["terms"][i]["u"] for i in data["browse"]["autism"]]


def test_stop_words_must_be_plain_lower_case_words(tmp_path):
    project = make_minimal_project(tmp_path)
    taxonomy = project / "content/taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "search_stop_words: [my, \"Can't\"]\n", encoding="utf-8")
    problems = [str(p) for p in errors_in(validate(load_content(project / "content")))]
    assert any("content/taxonomy.yaml:" in p and "search_stop_words" in p for p in problems), problems
