"""Content from strangers: every hostile file is a plain-English problem (exit 1), fast, never a crash."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from minimal import make_minimal_project
from localoffer import limits
from localoffer.cli import main
from localoffer.limits import Limits
from localoffer.yamlfile import parse_yaml

SERVICE = "content/services/other-service.yaml"
GUIDE = "content/guides/first-guide.md"
SITE = "content/site.yaml"


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project")


def check(project: Path, capsys) -> tuple[int, str]:
    """Run `build.py check` in-process; return the exit status and what it printed for the editor."""
    status = main(["--project", str(project), "check"])
    printed = capsys.readouterr()
    return status, printed.err + printed.out


def assert_refused(project: Path, capsys, where: str, words: str, seconds: float = 10.0) -> None:
    """Exit 1, the problem at `where` (path:line) with `words` in it, and no sign of a crash."""
    started = time.perf_counter()
    status, printed = check(project, capsys)
    assert time.perf_counter() - started < seconds, "hostile input must be refused within seconds"
    assert status == 1, printed
    assert "Traceback" not in printed and "bug in the site builder" not in printed
    lines = [line for line in printed.splitlines() if line.startswith(where + ":")]
    assert lines, f"no problem reported at {where}:\n{printed}"
    assert any(words in line and " - " in line for line in lines), printed


def write_bytes(project: Path, path: str, data: bytes) -> None:
    (project / path).write_bytes(data)


def service_text(project: Path) -> str:
    return (project / SERVICE).read_text(encoding="utf-8")


def line_of(project: Path, start: str) -> int:
    """The line of the service file that starts with `start`."""
    return next(n for n, line in enumerate(service_text(project).splitlines(), 1) if line.startswith(start))


def appended_line(project: Path, offset: int = 1) -> int:
    """The line number of the `offset`-th line added at the end of the service file."""
    return service_text(project).count("\n") + offset


# 1. Limits -----------------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(minimal, capsys):
    write_bytes(minimal, SERVICE, service_text(minimal).encode() + b"# padding\n" * 110_000)
    assert_refused(minimal, capsys, SERVICE, "larger than 1,000,000 bytes")


def test_a_line_over_the_length_limit_is_reported_at_that_line(minimal, capsys):
    text = service_text(minimal).replace("reviewed_by: Local Offer team", "reviewed_by: " + "x" * 12_000)
    write_bytes(minimal, SERVICE, text.encode())
    assert_refused(minimal, capsys, f"{SERVICE}:{line_of(minimal, 'reviewed_by:')}", "characters long")


def test_ten_thousand_nested_lists_are_a_problem_not_a_crash(minimal, capsys):
    # 'extra:' is the first added line, inside the file's mapping (depth 1); the 20th '[' is depth 21,
    # 20 lines further on.
    nested = "extra:\n" + "  [\n" * 10_000 + "  ]\n" * 10_000
    expected = appended_line(minimal, 1 + 20)
    write_bytes(minimal, SERVICE, (service_text(minimal) + nested).encode())
    assert_refused(minimal, capsys, f"{SERVICE}:{expected}", "nested more than 20 deep")


def test_deep_block_nesting_is_reported_at_the_line_that_goes_too_deep(minimal, capsys):
    nested = "".join("  " * depth + f"level{depth}:\n" for depth in range(30))
    first_extra_line = service_text(minimal).count("\n") + 1
    write_bytes(minimal, SERVICE, (service_text(minimal) + nested).encode())
    # the file is depth 1; level0's fields (depth 2) start on the next line, so depth 21 is 20 lines on
    assert_refused(minimal, capsys, f"{SERVICE}:{first_extra_line + 20}", "nested more than 20 deep")


BILLION_LAUGHS = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]\n" for n in range(1, 10))


def test_a_billion_laughs_alias_bomb_is_refused_before_it_expands(minimal, capsys):
    expected = appended_line(minimal, 4)
    write_bytes(minimal, SERVICE, (service_text(minimal) + BILLION_LAUGHS).encode())
    # lol0 (the first added line) is 11 values, so the aliases in lol1 stand for 110, in lol2 for 1,110
    # and in lol3 (the fourth) for 11,110: refused there, before the other six lines could multiply it
    assert_refused(minimal, capsys, f"{SERVICE}:{expected}", "stand for more than 10,000 values", seconds=5)


def test_an_alias_inside_itself_is_refused():
    _, problems = parse_yaml("a: &loop\n  - *loop\n", "f.yaml")
    assert [(p.line, "refers to the list") for p in problems] == [(2, "refers to the list")]
    assert "refers to the list" in problems[0].message


def test_ordinary_aliases_are_still_allowed():
    data, problems = parse_yaml("a: &ages [1, 2]\nb: *ages\n", "f.yaml")
    assert problems == [] and data == {"a": [1, 2], "b": [1, 2]}


def test_too_many_files_in_one_folder_is_refused_without_reading_them(minimal, capsys):
    folder = minimal / "content" / "feedback"
    folder.mkdir(exist_ok=True)
    site = minimal / SITE
    site.write_text(site.read_text(encoding="utf-8") + "limits:\n  files_per_folder: 10\n", encoding="utf-8")
    for number in range(11):
        (folder / f"comment-{number}.yaml").write_text("not: [valid\n", encoding="utf-8")
    status, printed = check(minimal, capsys)
    assert status == 1
    assert "content/feedback: this folder has more than 10 files" in printed
    assert "comment-0.yaml" not in printed  # refused before any of them was read


def test_limits_are_configurable_in_site_yaml(minimal, capsys):
    site = minimal / SITE
    site.write_text(site.read_text(encoding="utf-8") + "limits:\n  line_characters: 500\n", encoding="utf-8")
    text = service_text(minimal).replace("reviewed_by: Local Offer team", "reviewed_by: " + "x" * 600)
    write_bytes(minimal, SERVICE, text.encode())
    assert_refused(minimal, capsys, f"{SERVICE}:{line_of(minimal, 'reviewed_by:')}", "more than the 500 a line may have")


def test_site_yaml_itself_is_read_with_the_default_limits(minimal, capsys):
    site = minimal / SITE
    site.write_text("limits:\n  line_characters: 100000\n" + site.read_text(encoding="utf-8")
                    + "# " + "x" * 20_000 + "\n", encoding="utf-8")
    assert_refused(minimal, capsys, SITE, "more than the 10,000 a line may have")


def test_a_limit_out_of_bounds_is_a_schema_problem_and_the_default_still_applies(minimal, capsys):
    site = minimal / SITE
    site.write_text(site.read_text(encoding="utf-8") + "limits:\n  yaml_depth: 100000\n", encoding="utf-8")
    assert Limits.from_site({"limits": {"yaml_depth": 100000}}).yaml_depth == 20
    assert Limits.from_site({"limits": "lots"}) == Limits()
    assert Limits.from_site({"limits": {"yaml_depth": True}}) == Limits()
    assert_refused(minimal, capsys, SITE, "yaml_depth")


def test_the_schema_bounds_are_the_bounds_in_limits_py(project):
    schema = json.loads((project / "content/schemas/site.schema.json").read_text(encoding="utf-8"))
    properties = schema["properties"]["limits"]["properties"]
    assert set(properties) == set(limits.BOUNDS)
    for name, (default, lowest, highest) in limits.BOUNDS.items():
        assert (properties[name]["default"], properties[name]["minimum"], properties[name]["maximum"]) == (
            default, lowest, highest), name
    assert schema["properties"]["limits"]["additionalProperties"] is False


def test_the_shipped_content_is_well_inside_the_limits(project):
    for path in (project / "content").rglob("*"):
        if path.is_file():
            text, problem = limits.read_content_file(path, str(path))
            assert problem is None, problem
            assert len(text) < limits.DEFAULT.file_bytes / 10


class GrewAfterStat(type(Path())):
    """A file that is longer when read than its size said a moment before (it grew in between)."""
    def stat(self, *arguments, **options):
        real = super().stat(*arguments, **options)
        return os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink, real.st_uid, real.st_gid,
                               10, real.st_atime, real.st_mtime, real.st_ctime))


def test_a_file_that_grows_while_it_is_read_is_read_whole_or_refused_at_the_limit(tmp_path):
    small = Limits(file_bytes=10_000)
    under, over = tmp_path / "under.yaml", tmp_path / "over.yaml"
    under.write_text("name: x\n" * 1000, encoding="utf-8")   # 8,000 bytes, said to be 10
    over.write_text("name: x\n" * 1300, encoding="utf-8")    # 10,400 bytes, said to be 10
    text, problem = limits.read_content_file(GrewAfterStat(under), "under.yaml", small)
    assert problem is None and text == under.read_text(encoding="utf-8")
    text, problem = limits.read_content_file(GrewAfterStat(over), "over.yaml", small)
    assert text == "" and "larger than 10,000 bytes" in problem.message


# 2. YAML files -----------------------------------------------------------------------------

def test_a_list_used_as_a_field_name_is_a_problem(minimal, capsys):
    expected = appended_line(minimal)
    write_bytes(minimal, SERVICE, (service_text(minimal) + "? [a, b]\n: 1\n").encode())
    assert_refused(minimal, capsys, f"{SERVICE}:{expected}", "used as a field name")


def test_a_mapping_used_as_a_field_name_in_flow_style_is_a_problem(minimal, capsys):
    expected = appended_line(minimal)
    write_bytes(minimal, SERVICE, (service_text(minimal) + "extra: {{a: 1}: 2}\n").encode())
    assert_refused(minimal, capsys, f"{SERVICE}:{expected}", "used as a field name")


def test_field_names_are_kept_as_written():
    data, problems = parse_yaml("yes: 1\n1: 2\nnull: 3\n", "f.yaml")
    assert problems == [] and data == {"yes": 1, "1": 2, "null": 3}
    _, problems = parse_yaml("1: a\n'1': b\n", "f.yaml")
    assert "appears twice" in problems[0].message and problems[0].line == 2


def test_a_nul_byte_is_reported_at_its_own_line(minimal, capsys):
    text = service_text(minimal).replace("organisation: Nottingham", "organisation: Notting\x00ham")
    write_bytes(minimal, SERVICE, text.encode())
    assert_refused(minimal, capsys, f"{SERVICE}:6", "control character")


def test_a_nul_byte_after_accented_letters_is_still_on_the_right_line():
    _, problems = parse_yaml("a: café\nb: naïve\nc: x\x00\n", "f.yaml")
    assert problems[0].line == 3


def test_a_nul_byte_in_front_matter_is_reported_at_its_line_in_the_file(minimal, capsys):
    path = minimal / GUIDE
    write_bytes(minimal, GUIDE, path.read_bytes().replace(b"topic: education", b"topic: educ\x00ation"))
    assert_refused(minimal, capsys, f"{GUIDE}:4", "control character")


def test_invalid_utf8_is_reported_at_the_line_of_the_first_bad_byte(minimal, capsys):
    line = line_of(minimal, "reviewed_by:")
    data = (minimal / SERVICE).read_bytes().replace(b"reviewed_by: Local", b"reviewed_by: Loc\xff\xfeal")
    write_bytes(minimal, SERVICE, data)
    assert_refused(minimal, capsys, f"{SERVICE}:{line}", "not saved as UTF-8")


def test_a_byte_order_mark_is_accepted_in_a_service_and_in_a_guide(minimal, capsys):
    for path in (SERVICE, GUIDE):
        write_bytes(minimal, path, b"\xef\xbb\xbf" + (minimal / path).read_bytes())
    status, printed = check(minimal, capsys)
    assert status == 0, printed


def test_a_directory_named_like_a_content_file_is_not_read(minimal, capsys):
    (minimal / "content/services/odd.yaml").mkdir()
    status, printed = check(minimal, capsys)
    assert status == 0, printed


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['true']\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: *nowhere\n",
    "- 1\n- 2\n",
    "'just text'\n",
    "a: &x 1\nb: &x 2\n",
    "<<: {name: x}\n",
    "a: .nan\nb: -.inf\nc: 0x1F\nd: 1e400\n",
])
def test_odd_yaml_never_crashes_the_check(minimal, capsys, text):
    write_bytes(minimal, SERVICE, (service_text(minimal) + text).encode())
    status, printed = check(minimal, capsys)
    assert status == 1, printed
    assert "Traceback" not in printed and "bug in the site builder" not in printed
    assert re.search(rf"^{re.escape(SERVICE)}:\d+: .+ - .+", printed, re.MULTILINE), printed


# Markdown from strangers ----------------------------------------------------------------------

def test_a_guide_of_thousands_of_broken_links_is_checked_in_seconds(minimal, capsys):
    path = minimal / GUIDE
    links = "".join(f"[l{n}](m{n}.md) " + ("\n" if n % 50 == 49 else "") for n in range(30_000))
    path.write_text(path.read_text(encoding="utf-8") + links, encoding="utf-8")
    assert_refused(minimal, capsys, GUIDE, "more than 50 broken links")


@pytest.mark.parametrize("body", [
    ">" * 9_000 + " deep quote\n",
    "".join("  " * depth + "- item\n" for depth in range(400)),
    "*a " * 3_000 + "\n",
    ("*" * 9_000 + "\n") * 100,
    "|a|b|\n|-|-|\n" + "|x|y|\n" * 30_000,
    ("`" * 5_000 + "\n") * 100,
    "&#0; &#xD800; \u202e right-to-left\n",
])
def test_odd_markdown_is_checked_quickly_without_a_crash(minimal, capsys, body):
    path = minimal / GUIDE
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    started = time.perf_counter()
    status, printed = check(minimal, capsys)
    assert time.perf_counter() - started < 10  # generous: the machine may be busy; a blow-up takes minutes
    assert status in (0, 1) and "Traceback" not in printed and "bug in the site builder" not in printed


def test_files_loaded_without_the_event_scan_still_keep_to_the_depth_limit():
    # Few indicator characters and no '*': loaded at once, then measured.
    text = "a:\n" + "".join("  " * depth + f"b{depth}:\n" for depth in range(1, 25)) + "  " * 25 + "c: 1\n"
    _, problems = parse_yaml(text, "f.yaml")
    assert [(p.line, "nested more than 20 deep" in p.message) for p in problems] == [(21, True)]
    assert parse_yaml("a:\n  b:\n    c: [1, {d: 2}]\n", "f.yaml") == ({"a": {"b": {"c": [1, {"d": 2}]}}}, [])


def test_a_file_of_half_a_million_tiny_values_is_refused_in_seconds(minimal, capsys):
    rows = "".join("  - [" + ",".join(["x"] * 400) + "]\n" for _ in range(1_200))
    values_before = 60 + 10  # about what the service has, and its sources
    expected = appended_line(minimal, 1 + -(-(20_000 - values_before) // 401))
    write_bytes(minimal, SERVICE, (service_text(minimal) + "extra:\n" + rows).encode())
    # the service's values, 'extra', then 401 values a line: over 20,000 on the expected line
    assert_refused(minimal, capsys, f"{SERVICE}:{expected}", "more than 20,000 values")


def test_a_list_of_ninety_thousand_terms_is_refused_in_seconds(minimal, capsys):
    terms = ",\n  ".join(f"c{n}" for n in range(90_000))
    write_bytes(minimal, SERVICE, service_text(minimal).replace(
        "categories: [advice-and-support]", f"categories: [{terms}]").encode())
    assert_refused(minimal, capsys, SERVICE, "more than 20,000 values")
