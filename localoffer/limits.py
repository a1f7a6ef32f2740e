"""Limits on what one content file may ask of the builder.

Content arrives in pull requests from anyone, so a file must not be able to make a check run for
minutes or eat the machine's memory. Each limit is checked before the work it would cause, and a
file over a limit is reported like any other content mistake. The numbers can be changed under
`limits:` in content/site.yaml, within the bounds below; site.yaml itself is read with the defaults.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from .problems import Problem

# name -> (default, lowest allowed, highest allowed). content/schemas/site.schema.json repeats these
# bounds so editors are told at once; tests/test_hostile_input.py checks the two agree.
BOUNDS = {
    "file_bytes": (1_000_000, 10_000, 20_000_000),
    "line_characters": (10_000, 200, 200_000),
    "yaml_depth": (20, 5, 100),
    "yaml_values": (20_000, 100, 1_000_000),
    "yaml_alias_values": (10_000, 0, 1_000_000),
    "files_per_folder": (50_000, 10, 100_000),  # a region's directory: 20,000 services and more
}


@dataclass(frozen=True)
class Limits:
    file_bytes: int = BOUNDS["file_bytes"][0]                # size of one file
    line_characters: int = BOUNDS["line_characters"][0]      # length of one line
    yaml_depth: int = BOUNDS["yaml_depth"][0]                # lists and groups of fields inside each other
    yaml_values: int = BOUNDS["yaml_values"][0]              # fields, list items and texts in one file
    yaml_alias_values: int = BOUNDS["yaml_alias_values"][0]  # values that '*name' aliases stand for, in all
    files_per_folder: int = BOUNDS["files_per_folder"][0]    # files in content/services and the like

    @classmethod
    def from_site(cls, site) -> Limits:
        """The limits set in site.yaml. A value that is missing, not a whole number or out of bounds
        falls back to the default here; the schema check reports it to the editor."""
        chosen = site.get("limits") if isinstance(site, dict) else None
        chosen = chosen if isinstance(chosen, dict) else {}
        values = {}
        for item in fields(cls):
            value = chosen.get(item.name)
            _, lowest, highest = BOUNDS[item.name]
            if isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= highest:
                values[item.name] = value
        return cls(**values)


DEFAULT = Limits()
RAISE_IT = "or, if the file really needs it, raise the limit under 'limits:' in content/site.yaml"


def read_content_file(path: Path, shown: str, limits: Limits = DEFAULT) -> tuple[str, Problem | None]:
    """The text of one content file, or the problem that stops it being read.

    The size is checked before reading, and at most one byte more than the limit is ever read,
    so even a file that grows while it is read cannot fill the memory.
    """
    if not path.is_file():
        return "", Problem(shown, 0, "this is not a normal file", "replace it with a normal text file")
    size = path.stat().st_size
    if size > limits.file_bytes:
        return "", too_big(shown, limits)
    with path.open("rb") as stream:
        # The size it had, and a byte more to see if it grew: asking for the limit at once made Python
        # set aside a buffer of the limit (1 MB) for each of 11,000 files. If it grew, read on to the limit.
        raw = stream.read(size + 1)
        if len(raw) > size:
            raw += stream.read(limits.file_bytes + 1 - len(raw))
    if len(raw) > limits.file_bytes:
        return "", too_big(shown, limits)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return "", Problem(shown, line, "this line has characters that are not saved as UTF-8 text",
                           "save the file again as UTF-8 (most editors have this option under 'Save as'), "
                           "or retype the odd characters on this line")
    return text, long_line_problem(text, shown, limits)


def too_big(shown: str, limits: Limits) -> Problem:
    return Problem(shown, 0, f"the file is larger than {limits.file_bytes:,} bytes, the most one file may be",
                   f"split it into smaller files, {RAISE_IT}")


def long_line_problem(text: str, shown: str, limits: Limits) -> Problem | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.line_characters:
            return Problem(shown, number, f"this line is {len(line):,} characters long, more than the "
                                          f"{limits.line_characters:,} a line may have",
                           f"break it into shorter lines or paragraphs, {RAISE_IT}")
    return None


def list_folder(directory: Path, shown: str, limits: Limits = DEFAULT) -> tuple[list[Path], Problem | None]:
    """The files in one content folder, sorted; counting stops one past the limit, so a folder
    of millions of files costs no more than one just over the limit."""
    paths = []
    with os.scandir(directory) as entries:
        for entry in entries:
            paths.append(directory / entry.name)
            if len(paths) > limits.files_per_folder:
                return [], Problem(shown, 0, f"this folder has more than {limits.files_per_folder:,} files, "
                                             "the most a folder may have",
                                   f"remove files that are not needed, {RAISE_IT}")
    return sorted(paths), None
