"""The commands about the content's health: report, report-diff, reminders and check-links.

Each prints plain words (or JSON / Markdown for CI) and returns the exit status; content problems
raise ContentError like every other command, so they are shown the same way.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .pipeline import check_content
from .problems import ToolError, errors_in, plural
from .report import build_report, summary_text
from .sitemodel import build_model


def project_report(project: Path, today=None) -> dict:
    """The report of a project's content, as the build publishes it."""
    content, _ = check_content(project, today)
    return build_report(content, build_model(content, today))


def report_command(args) -> int:
    report = project_report(args.project, args.today)
    print(json.dumps(report, indent=1, ensure_ascii=False) if args.json else summary_text(report))
    return 0


def read_report(path: Path) -> dict:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ToolError(f"{path} could not be read as a report ({error}). Make it with "
                        "'python build.py report --json > FILE'.") from None
    if not isinstance(report, dict) or "headline" not in report:
        raise ToolError(f"{path} is not a report made by 'python build.py report --json'.")
    return report


def report_diff_command(args) -> int:
    from .report_diff import annotations, compare, diff_markdown
    base, change = read_report(args.base), read_report(args.change)
    warnings = compare(base, change)
    if args.format == "github":
        print(annotations(warnings), end="")
    else:
        print(diff_markdown(base, change, warnings), end="")
    if warnings and args.strict:
        print(f"{plural(len(warnings), 'warning')} about the content's health, and --strict makes them failures.",
              file=sys.stderr)
        return 1
    return 0


def reminders_command(args) -> int:
    from .report_diff import reminder_body
    print(reminder_body(project_report(args.project, args.today)), end="")
    return 0


def check_links_command(args) -> int:
    content, _ = check_content(args.project)  # links inside the site: checked as on every build
    if not args.external:
        print("Every link between files in the content is correct. Links to other websites were not "
              "checked: add --external to check them.")
        return 0
    from .links import CACHE_FILE, Settings, check_links, external_links, link_problems
    places = external_links(content)
    settings = Settings(timeout=args.timeout, max_age=args.max_age_hours * 3600)
    results = check_links(sorted(places), args.project / CACHE_FILE, settings)
    problems = link_problems(results, places, args.project)
    for problem in problems:
        print(problem, file=sys.stderr)
    counts = {state: sum(r.state == state for r in results) for state in ("ok", "redirect", "failed", "dead")}
    print(f"Checked {plural(len(results), 'link')} to other websites: {counts['ok']} fine, "
          f"{counts['redirect']} redirected, {counts['failed']} could not be checked, {counts['dead']} dead.")
    if errors_in(problems):
        print("Each dead link above says which file and line it is on: fix or remove it.", file=sys.stderr)
        return 1
    return 0
