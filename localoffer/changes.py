"""What a pull request changes, in words a reviewer can approve without reading YAML.
(Problems as GitHub annotations are worded in problems.py.)"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .load import front_matter_parts
from .problems import Problem, ToolError, errors_in, markdown_item, warnings_in
from .routes import CONTRIBUTING_FILE, KIND_OF_FOLDER
from .yamlfile import parse_yaml

def git(project: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)
    except FileNotFoundError:
        raise ToolError("'changes' needs git, which is not installed on this computer. Install git "
                        "(for example: apt-get install git) and try again.") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["git failed"])[-1]
        raise ToolError(f"git could not compare with that commit: {reason}. Give a branch or commit that "
                        "exists, for example: python build.py changes --base origin/main")
    return result.stdout


def changed_files(project: Path, base: str) -> list[tuple[str, str]]:
    """(status letter, path) for content files changed since `base` (committed or not)."""
    output = git(project, "diff", "--name-status", "--no-renames", base, "--", "content", CONTRIBUTING_FILE)
    rows = [line.split("\t", 1) for line in output.splitlines() if "\t" in line]
    untracked = git(project, "ls-files", "--others", "--exclude-standard", "--", "content").splitlines()
    return [(status[0], path) for status, path in rows] + [("A", path) for path in untracked]


def fields_of(text: str, path: str) -> dict:
    if path.endswith(".md"):
        parts = front_matter_parts(text)
        data, _ = parse_yaml(parts.front, path) if parts else (None, [])
        body = parts.body if parts else text
        return {**(data if isinstance(data, dict) else {}), "text of the guide": body.strip()}
    data, _ = parse_yaml(text, path)
    return data if isinstance(data, dict) else {}


def kind_of(path: str) -> str:
    """"services", "guides" ... for a content file, "other files" for anything else."""
    parts = path.split("/")
    kind = KIND_OF_FOLDER.get(parts[1]) if len(parts) > 2 and parts[0] == "content" else None
    return kind.folder if kind else "other files"


def name_of(fields: dict, path: str) -> str:
    return str(fields.get("name") or fields.get("title") or Path(path).stem)


def summarise(project: Path, base: str, problems: list[Problem]) -> str:
    """A Markdown job summary: added, removed and changed entries, then the checks."""
    groups: dict[str, list[str]] = {}
    for status, path in changed_files(project, base):
        kind = kind_of(path)
        new = fields_of((project / path).read_text(encoding="utf-8"), path) if status != "D" else {}
        old = fields_of(git(project, "show", f"{base}:{path}"), path) if status in "DM" else {}
        name = name_of(new or old, path)
        if status == "A":
            groups.setdefault(f"New {kind}", []).append(f"**{name}** (`{path}`)")
        elif status == "D":
            groups.setdefault(f"Removed {kind}", []).append(f"**{name}** (`{path}`)")
        else:
            changed = sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))
            detail = ", ".join(f"`{key}`" for key in changed) or "layout only"
            groups.setdefault(f"Changed {kind}", []).append(f"**{name}**: {detail} (`{path}`)")
    lines = ["## What this change does", ""]
    if not groups:
        lines += ["No content files changed.", ""]
    for heading in sorted(groups):
        lines += [f"### {heading} ({len(groups[heading])})", "", *(f"- {row}" for row in groups[heading]), ""]
    lines += checks_section(problems)
    return "\n".join(lines)


def checks_section(problems: list[Problem]) -> list[str]:
    errors, warnings = errors_in(problems), warnings_in(problems)
    if not problems:
        return ["### Checks", "", "All content checks passed.", ""]
    lines = ["### Checks", ""]
    if errors:
        lines += [f"{len(errors)} problem(s) must be fixed before this can be published:", ""]
        lines += [markdown_item(p) for p in errors] + [""]
    if warnings:
        lines += [f"{len(warnings)} warning(s) to look at:", ""]
        lines += [markdown_item(p) for p in warnings] + [""]
    return lines
