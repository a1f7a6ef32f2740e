"""The search page's own vocabulary, so a search never strands a parent.

Written at build time as two plain scripts (plain scripts also work from a copy opened from disk):

site/search/question-words.js, small, loaded with the search page:
- stop: the words that carry no meaning in a parent's question (content/taxonomy.yaml
  search_stop_words: my, son, help...), which search leaves out;
- same: the same-meaning groups (content/taxonomy.yaml same_meaning), so a phrase such as "cant sleep"
  is searched as one idea rather than word by word.

site/search/vocabulary.js, loaded only when a search finds few or no results:
- words: every word the search index knows, most frequent first and capped, so the file stays small
  at 10,000 services. The page corrects a misspelt word to the closest of these ("autisim" -> autism).
- browse: for each recognised word, the closest browse pages (taxonomy term pages), which the page
  offers when nothing matches every word.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict

from .routes import url_for

MAX_WORDS = 4000       # about 12 KB gzip: enough for every word of the shipped site
MAX_BROWSE_WORDS = 1500
BROWSE_PER_WORD = 3
NAMED_BY_TERM = 1000   # a word in a term's own label or synonyms outweighs any number of mentions
WORD = re.compile(r"[^\W_]+")
APOSTROPHES = re.compile(r"['\u2019`]")
LINK_TARGETS = re.compile(r"\]\([^)]*\)|https?://\S+")  # a Markdown link's address is not a word a page says


def words_in(text: str) -> list[str]:
    """Lower-case words, with apostrophes removed so "can't" is "cant", as the search page does."""
    return words_as_written(text.lower())


def words_as_written(text: str) -> list[str]:
    """The words of words_in, in the case they are written in."""
    return WORD.findall(APOSTROPHES.sub("", text))


def phrase(text: str) -> str:
    return " ".join(words_in(text))


def page_text(entry) -> str:
    """What search indexes of an entry's own words: title, summary, text and a service's other
    details (eligibility, how to get it, opening times...)."""
    details = " ".join(s for s in strings_in(entry.document.data) if s not in (entry.title, entry.summary))
    return " ".join((entry.title, entry.summary, LINK_TARGETS.sub("]", entry.document.body), LINK_TARGETS.sub(" ", details)))


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def terms_of(entry) -> list:
    return entry.categories + entry.needs + entry.age_bands + entry.areas


def topic_terms(entry) -> list:
    """The terms a mention in an entry's text points to: what it is and who it is for. A page for
    every need says nothing about any one need, so its needs do not count."""
    return entry.categories + ([] if getattr(entry, "all_needs", False) else entry.needs)


def build_vocabulary(records, same_meaning=(), stop_words=()) -> dict:
    """The vocabulary as data (see the module's docstring), from the search records (search.Record):
    each record's entry says its own words, and its synonyms the words search adds to them (the
    same-meaning groups it uses, found once, by search, and its terms' labels and synonyms)."""
    term_words: dict[str, list[str]] = {}  # term href -> the words of its label and synonyms
    counts: Counter = Counter()
    mentions: dict[str, Counter] = defaultdict(Counter)  # term href -> words -> entries using both
    terms: dict[str, object] = {}
    stop = sorted({w for s in stop_words for w in words_in(str(s))})
    for record in records:
        entry = record.entry
        found = words_in(page_text(entry)) + words_in(" ".join(record.synonyms))
        for term in terms_of(entry):
            if term.href not in term_words:
                terms[term.href] = term
                term_words[term.href] = words_in(" ".join([term.label, *term.synonyms]))
        counts.update(found)
        distinct = set(found)
        for term in topic_terms(entry):
            mentions[term.href].update(distinct)  # one update per term, not one per word and term
    votes: dict[str, dict[str, int]] = defaultdict(dict)
    for href, words in mentions.items():
        for word, number in words.items():
            votes[word][href] = number
    for href, words in term_words.items():
        for word in set(words):
            votes[word][href] = votes[word].get(href, 0) + NAMED_BY_TERM
    words = [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if w not in stop][:MAX_WORDS]
    return {"words": words, **browse_pages(words, votes, terms, stop), "stop": stop,
            "same": [[phrase(w) for w in group] for group in same_meaning]}


def browse_pages(words: list[str], votes, terms: dict, stop: list[str]) -> dict:
    """For each recognised word, up to three term pages, the most closely tied first. A term's
    mentions are divided by the square root of its size, so a big category such as Education does
    not swallow every word."""
    size = Counter(href for word_votes in votes.values() for href in word_votes)
    listed = sorted(terms)
    index = {href: i for i, href in enumerate(listed)}
    browse = {}
    for word in words:
        if word in stop or not votes.get(word) or len(browse) >= MAX_BROWSE_WORDS:
            continue
        ranked = sorted(votes[word].items(), key=lambda item: (-item[1] / math.sqrt(size[item[0]]), item[0]))
        named = [href for href, n in ranked if n >= NAMED_BY_TERM]
        mentioned = [href for href, n in ranked if n >= 2 and href not in named]
        closest = (named + mentioned)[:BROWSE_PER_WORD]
        if closest:
            browse[word] = [index[href] for href in closest]
    used = sorted({i for ids in browse.values() for i in ids})
    renumber = {old: new for new, old in enumerate(used)}
    return {"terms": [{"l": terms[listed[i]].label, "u": listed[i]} for i in used],
            "browse": {word: [renumber[i] for i in ids] for word, ids in browse.items()}}


def write_vocabulary(staging, records, same_meaning=(), stop_words=()) -> list[str]:
    """Write search/question-words.js and search/vocabulary.js; return their site paths."""
    data = build_vocabulary(records, same_meaning, stop_words)
    question_words = {key: data.pop(key) for key in ("stop", "same")}
    written = []
    for route, variable, value in (("search-question-words", "LOCAL_OFFER_QUESTION_WORDS", question_words),
                                   ("search-vocabulary", "LOCAL_OFFER_VOCABULARY", data)):
        text = f"window.{variable}=" + json.dumps(value, separators=(",", ":"), ensure_ascii=False) + ";\n"
        staging.write(url_for(route), text)
        written.append(url_for(route))
    return written
