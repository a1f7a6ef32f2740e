"""The command line: `python build.py [build|check|serve]`. Editors see plain English, never a traceback."""
from __future__ import annotations

import argparse
import errno
import sys
import traceback
from pathlib import Path

from .pipeline import BuildBug, build_site, check_content
from .problems import ContentError, ToolError, annotation, must_fix, plural

PROJECT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Nottingham SEND Local Offer website.")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=None, help="where to write the site (default: site/)")
    parser.add_argument("--debug", action="store_true", help="show full details of builder bugs")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every page again, ignoring what the last build kept in .cache/build")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("build", help="check the content, then build site/ (the default)")
    check = commands.add_parser("check", help="check the content without building")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github: also print problems as GitHub annotations on the changed lines")
    changes = commands.add_parser("changes", help="summarise content changes since a git commit, in Markdown")
    changes.add_argument("--base", default="origin/main", help="the commit or branch to compare with")
    new = commands.add_parser("new", help="start a new service or guide with every field explained")
    new.add_argument("kind", choices=["service", "guide"])
    new.add_argument("name", help='the name of the service or the title of the guide, in quotes')
    report = commands.add_parser("report", help="how complete and up to date the content is")
    report.add_argument("--json", action="store_true", help="print the whole report as JSON")
    report.add_argument("--today", type=iso_date, default=None, help=argparse.SUPPRESS)
    report_diff = commands.add_parser("report-diff", help="compare two reports (from report --json) in Markdown")
    report_diff.add_argument("base", type=Path, help="the report of the base branch")
    report_diff.add_argument("change", type=Path, help="the report of the change")
    report_diff.add_argument("--format", choices=["markdown", "github"], default="markdown",
                             help="github: print warnings as GitHub annotations instead")
    report_diff.add_argument("--strict", action="store_true", help="fail (exit 1) when the change makes things worse")
    reminders = commands.add_parser("reminders", help="the review reminder issue's text, in Markdown")
    reminders.add_argument("--today", type=iso_date, default=None, help=argparse.SUPPRESS)
    links = commands.add_parser("check-links", help="check links; --external also checks links to other websites")
    links.add_argument("--external", action="store_true", help="check every link to another website")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each site (default 10)")
    links.add_argument("--max-age-hours", type=float, default=24.0,
                       help="reuse answers younger than this from .cache/links.json (default 24)")
    commands.add_parser("assign-ids", help="give every service file without one a permanent id (for Open Referral UK data)")
    commands.add_parser("booklet", help="build the site with printed booklets (PDF) of the directory (slow: for publishing)")
    serve = commands.add_parser("serve", help="build, preview on this computer, rebuild on every change")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    output = args.output or args.project / "site"
    try:
        return run(args, output)
    except ContentError as error:
        return report_problems(error.problems, getattr(args, "format", "text"))
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except ToolError as error:  # a mistake in how a command was used: say what to do instead
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno in MACHINE_PROBLEMS:
            print(f"The site was not built: {MACHINE_PROBLEMS[error.errno]} ({error.filename or error}). "
                  "The previous site has been left as it was.", file=sys.stderr)
            return 3
        return report_bug(args)
    except BuildBug as error:
        print(f"The site was not built because of a bug in the site builder, not in your content:\n{error}",
              file=sys.stderr)
        return 2
    except Exception:  # anything unexpected is our bug: say so plainly, details only on request
        return report_bug(args)


INTERRUPTED = "Stopped. The previous site has been left as it was."
# Problems of the computer rather than of the content or the builder: exit status 3.
MACHINE_PROBLEMS = {
    errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk", errno.EACCES: "a folder or file cannot be written (permission denied)",
    errno.EPERM: "a folder or file cannot be written (not permitted)",
}


def report_bug(args) -> int:
    print("The site was not built because of a bug in the site builder, not in your content.\n"
          "The previous site has been left as it was. Please tell the developers, and run\n"
          "'python build.py --debug' to get the details they need.", file=sys.stderr)
    if args.debug:
        traceback.print_exc()
    return 2


def run(args, output: Path) -> int:
    if args.command == "new":
        return new_file_command(args)
    if args.command == "changes":
        from .changes import summarise
        from .load import load_content
        from .validate import validate
        print(summarise(args.project, args.base, validate(load_content(args.project / "content"))))
        return 0
    if args.command == "check":
        _, warnings = check_content(args.project)
        print_warnings(warnings, args.format)
        print(f"The content is ready to publish ({plural(len(warnings), 'warning')}).")
        return 0
    if args.command in HEALTH_COMMANDS:
        from . import health_cli
        return getattr(health_cli, HEALTH_COMMANDS[args.command])(args)
    if args.command == "assign-ids":
        return assign_ids_command(args)
    if args.command == "serve":
        from .serve import serve
        return serve(args.project, output, args.port)
    result = build_site(args.project, output, progress=progress_printer(), with_booklets=args.command == "booklet",
                        use_cache=not args.no_cache)
    print_summary(result, output)
    return 0


HEALTH_COMMANDS = {"report": "report_command", "report-diff": "report_diff_command",
                   "reminders": "reminders_command", "check-links": "check_links_command"}


def iso_date(text: str):
    import datetime
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def new_file_command(args) -> int:
    from .scaffold import new_file
    try:
        path = new_file(args.project, args.kind, args.name)
    except FileExistsError as error:
        print(f"{error} already exists. Choose another name, or edit that file.", file=sys.stderr)
        return 1
    print(f"Created {path.relative_to(args.project)}. Open it, fill in each field, then run "
          "'python build.py check'.")
    return 0


def assign_ids_command(args) -> int:
    from .openreferral import assign_ids
    changed = assign_ids(args.project / "content")
    for path in changed:
        print(f"Gave {path.relative_to(args.project)} an id.")
    print(f"{plural(len(changed), 'service file')} changed. Commit them: an id must never change once published."
          if changed else "Every service already has an id.")
    return 0


def report_problems(problems, format: str = "text") -> int:
    print_warnings(problems, format)
    print(f"\n{must_fix(problems)}. "
          "Each line above says which file and line, what is wrong and how to fix it.", file=sys.stderr)
    return 1


def print_warnings(problems, format: str = "text") -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
        if format == "github":  # workflow commands are read from standard output
            print(annotation(problem))


def print_summary(result, output: Path) -> None:
    print_warnings(result.warnings)
    model = result.model
    print(f"Built {result.pages} pages ({len(model.services)} services, {len(model.guides)} guides) "
          f"into {output} in {result.seconds:.1f} s, with {plural(len(result.warnings), 'warning')}.")
    for note in result.notes:
        print(note)


def progress_printer():
    """Show progress on long builds only, about every tenth of the way, on stderr."""
    def show(done: int, total: int) -> None:
        if total >= 2000 and done % (total // 10) == 0:
            print(f"  writing pages: {done} of {total}", file=sys.stderr, flush=True)
    return show
