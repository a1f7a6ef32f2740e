"""What a change does to the Local Offer's health, from the report of its base and of the change
(`python build.py report --json` on each), and the body of the weekly review reminder issue.

Both are Markdown written here from the report, so CI shows exactly what the page and JSON say.
"""
from __future__ import annotations

from dataclasses import dataclass

from .report import DUE_SOON_DAYS, HEADLINE_WORDS


@dataclass(frozen=True)
class HealthWarning:
    code: str      # overdue, less-complete, last-service
    path: str      # the content file it concerns, for an annotation on it
    message: str


def compare(base: dict, change: dict) -> list[HealthWarning]:
    return newly_overdue(base, change) + less_complete(base, change) + last_service_removed(base, change)


def newly_overdue(base: dict, change: dict) -> list[HealthWarning]:
    was_overdue = {row["path"] for row in base["freshness"]["entries"] if row["state"] == "overdue"}
    return [HealthWarning("overdue", row["path"], f"'{row['title']}' is past its review date ({row['due']}): "
                    "check it and update last_reviewed")
            for row in change["freshness"]["entries"] if row["state"] == "overdue" and row["path"] not in was_overdue]


def less_complete(base: dict, change: dict) -> list[HealthWarning]:
    before = {row["path"]: row for row in base["completeness"]["services"]}
    warnings = []
    for row in change["completeness"]["services"]:
        old = before.get(row["path"])
        if old and row["score"] < old["score"]:
            lost = [words for words in row["missing"] if words not in old["missing"]]
            warnings.append(HealthWarning("less-complete", row["path"],
                                    f"'{row['title']}' is less complete than before ({old['score']}% to "
                                    f"{row['score']}%): it no longer gives {'; '.join(lost) or 'a detail it gave'}"))
    return warnings


def last_service_removed(base: dict, change: dict) -> list[HealthWarning]:
    old, new = base["gaps"]["needs_by_age"], change["gaps"]["needs_by_age"]
    labels = {term["id"]: term["label"] for term in old["rows"] + old["columns"]}
    had = {(row["id"], column["id"]) for row, line in zip(old["rows"], old["counts"])
           for column, number in zip(old["columns"], line) if number > 0}
    return [HealthWarning("last-service", "content/services",
                    f"no active service is left for {labels.get(need, need)} at {labels.get(band, band)}")
            for need, band in new["empty"] if (need, band) in had]


def diff_markdown(base: dict, change: dict, warnings: list[HealthWarning]) -> str:
    """The job summary: the headline before and after, then any warnings."""
    lines = ["## Content health", "", "| | before | after |", "| --- | --- | --- |"]
    for key, words in HEADLINE_WORDS:
        before, after = base["headline"].get(key, "-"), change["headline"].get(key, "-")
        lines.append(f"| {words} | {before} | {after} |" if before == after else f"| {words} | {before} | **{after}** |")
    lines.append("")
    if warnings:
        lines += ["This change makes the Local Offer less healthy:", ""]
        lines += [f"- `{warning.path}`: {warning.message}" for warning in warnings]
    else:
        lines.append("This change leaves nothing overdue, less complete or without a service.")
    return "\n".join(lines) + "\n"


def annotations(warnings: list[HealthWarning]) -> str:
    from .problems import escape_data, escape_property
    return "".join(f"::warning file={escape_property(w.path)}::{escape_data(w.message)}\n" for w in warnings)


REMINDER_TITLE = "Local Offer review reminders"


def reminder_body(report: dict) -> str:
    """The body of the one open issue that lists what needs reviewing, by owner, oldest first."""
    waiting = report["freshness"]["entries"]
    lines = [f"Entries past their review date or due within {DUE_SOON_DAYS} days, on {report['today']}. "
             f"Every entry should be checked at least every {report['review_period_months']} months.", ""]
    if not waiting:
        return "\n".join(lines + ["Nothing needs reviewing. Thank you!"]) + "\n"
    counts = report["freshness"]["counts"]
    lines += [f"**{counts['overdue']} overdue, {counts['due-soon']} due soon.** To clear an entry, check every "
              "fact with the service, then set `last_reviewed` to the date you checked it and "
              "`reviewed_by` to your name or team.", ""]
    for group in report["freshness"]["by_owner"]:
        lines += [f"### {group['name']}", ""]
        lines += [f"- [ ] `{row['path']}` ({row['title']}): "
                  f"{'overdue since' if row['state'] == 'overdue' else 'due on'} {row['due']}, "
                  f"last reviewed {row['last_reviewed']} by {row['reviewer']}" for row in group["entries"]]
        lines.append("")
    lines.append("This issue is updated every week by the review reminder workflow.")
    return "\n".join(lines) + "\n"
