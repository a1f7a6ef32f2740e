"""Flesch reading ease, computed here so the build needs no dictionary download.

206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word). 60 or more is plain English.
Headings, list items and table cells count as sentences even without a full stop, as a reader
takes them one at a time.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from . import markdown

BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|dt|dd)>")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$")
VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")


@lru_cache(maxsize=65536)  # a guide's words repeat, and so do a region's guides'
def syllables(word: str) -> int:
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = SILENT_ENDING.sub("", word).removeprefix("y")
    return max(1, len(VOWEL_GROUP.findall(word)))


def sentences_of(rendered: str) -> list[str]:
    """Sentences of cmark-gfm's HTML."""
    rendered = BLOCK_END.sub(". ", rendered)
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    parts = re.split(r"[.!?:;]+(?:\s|$)", text)
    return [p for p in parts if WORD.search(p)]


def flesch_reading_ease(markdown_text: str) -> float | None:
    return flesch_of_html(markdown.to_html(markdown_text))


@lru_cache(maxsize=4096)  # the build's summary and the content health report both ask, once each
def flesch_of_html(rendered: str) -> float | None:
    sentences = sentences_of(rendered)
    words = [w for s in sentences for w in WORD.findall(s)]
    if not words:
        return None
    syllable_count = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / len(sentences)) - 84.6 * (syllable_count / len(words))
