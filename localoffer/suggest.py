""""Did you mean ...?": the one place that guesses what an editor meant by a word we do not know."""
from __future__ import annotations

import difflib
import re


def normalise(text: str) -> str:
    """Lower case, without punctuation or spaces: "Asperger's" and "aspergers" compare equal."""
    return re.sub(r"[\W_]+", "", text.lower())


def closest(value, known, aliases: dict[str, str] | None = None, cutoff: float = 0.6) -> str | None:
    """The known word nearest to `value`, or None. `aliases` maps other words (such as a taxonomy
    term's synonyms) to the known word they stand for, so "aspergers" suggests "autism"."""
    text = str(value)
    known = [str(k) for k in known]
    for alias, target in (aliases or {}).items():
        if normalise(alias) == normalise(text):
            return target
    match = difflib.get_close_matches(text, known, n=1, cutoff=cutoff)
    if match:
        return match[0]
    by_normal = {normalise(k): k for k in known}
    if normalise(text) in by_normal:
        return by_normal[normalise(text)]
    return None


def did_you_mean(value, known, otherwise: str, aliases: dict[str, str] | None = None,
                 cutoff: float = 0.6) -> str:
    """A fix for an editor: "did you mean 'x'?" when something is close, else `otherwise`."""
    match = closest(value, known, aliases, cutoff)
    return f"did you mean '{match}'?" if match else otherwise


def one_of(known) -> str:
    return f"use one of: {', '.join(sorted(str(k) for k in known))}"
