"""What a pull request changes, in words a reviewer can approve without reading YAML, and the
validation problems as GitHub annotations on the changed lines."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import Problem
from .yamlfile import parse_yaml

KINDS = {"content/services/": "services", "content/guides/": "guides", "content/pages/": "pages",
         "content/feedback/": "feedback"}


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on its line in the pull request."""
    level = "warning" if problem.warning else "error"
    where = f"file={escape_property(problem.path)}"
    if problem.line:
        where += f",line={problem.line}"
    text = problem.message + (f" - {problem.fix}" if problem.fix else "")
    return f"::{level} {where}::{escape_data(text)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def changed_files(project: Path, base: str) -> list[tuple[str, str]]:
    """(status letter, path) for content files changed since `base` (committed or not)."""
    output = git(project, "diff", "--name-status", "--no-renames", base, "--", "content", "CONTRIBUTING.md")
    rows = [line.split("\t", 1) for line in output.splitlines() if "\t" in line]
    untracked = git(project, "ls-files", "--others", "--exclude-standard", "--", "content").splitlines()
    return [(status[0], path) for status, path in rows] + [("A", path) for path in untracked]


def fields_of(text: str, path: str) -> dict:
    if path.endswith(".md"):
        parts = text.split("\n---", 1)
        data, _ = parse_yaml(parts[0].removeprefix("---\n"), path)
        body = parts[1] if len(parts) > 1 else ""
        return {**(data if isinstance(data, dict) else {}), "text of the guide": body.strip()}
    data, _ = parse_yaml(text, path)
    return data if isinstance(data, dict) else {}


def name_of(fields: dict, path: str) -> str:
    return str(fields.get("name") or fields.get("title") or Path(path).stem)


def summarise(project: Path, base: str, problems: list[Problem]) -> str:
    """A Markdown job summary: added, removed and changed entries, then the checks."""
    groups: dict[str, list[str]] = {}
    for status, path in changed_files(project, base):
        kind = next((k for prefix, k in KINDS.items() if path.startswith(prefix)), "other files")
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
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if not problems:
        return ["### Checks", "", "All content checks passed.", ""]
    lines = ["### Checks", ""]
    if errors:
        lines += [f"{len(errors)} problem(s) must be fixed before this can be published:", ""]
        lines += [f"- `{p.path}` line {p.line}: {p.message} - {p.fix}" for p in errors] + [""]
    if warnings:
        lines += [f"{len(warnings)} warning(s) to look at:", ""]
        lines += [f"- `{p.path}` line {p.line}: {p.message} - {p.fix}" for p in warnings] + [""]
    return lines
