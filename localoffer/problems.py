"""Problems found in content: one stream for `check`, `build`, `serve`, reports and CI.

Each problem has a stable code (for tools and tests), a severity, the file and line, what is wrong and
how to fix it. How a problem is shown (plain text, a GitHub annotation, a Markdown line, JSON) is
decided here and nowhere else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str = ""
    warning: bool = False  # warnings are shown but do not stop the build
    code: str = "content"  # stable, e.g. "unknown-term"; never shown to editors as the explanation

    @property
    def severity(self) -> str:
        return "warning" if self.warning else "error"

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.fix:
            text += f" - {self.fix}"
        # One problem, one line: a quoted value holding a line break or other control character must
        # not start what looks like another message.
        return ("warning: " if self.warning else "") + CONTROL.sub(lambda m: repr(m.group())[1:-1], text)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "path": self.path, "line": self.line,
                "message": self.message, "fix": self.fix}


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on its line in the pull request."""
    where = f"file={escape_property(problem.path)}"
    if problem.line:
        where += f",line={problem.line}"
    text = problem.message + (f" - {problem.fix}" if problem.fix else "")
    return f"::{problem.severity} {where}::{escape_data(text)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_item(problem: Problem) -> str:
    """One line of a Markdown list, for pull request summaries."""
    return f"- `{problem.path}` line {problem.line}: {problem.message} - {problem.fix}"


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def warnings_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.warning]


def must_fix(problems: list[Problem]) -> str:
    """The heading over a list of problems that stop the build, worded once for every tool."""
    return f"{plural(len(errors_in(problems)), 'problem')} must be fixed before the site can be built"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


class ToolError(Exception):
    """An editor's tool used in a way that cannot work (a branch that does not exist, no git): the
    message says what to do instead."""


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems
