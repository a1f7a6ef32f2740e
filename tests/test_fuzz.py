"""Property test: whatever a stranger puts in a service file, a guide or site.yaml, `build.py check`
ends with exit 0, or exit 1 and every problem as `path:line: what - fix`; never exit 2 or a traceback.

A small, fixed budget by default (derandomized, a few seconds); `FUZZ_EXAMPLES=500 make fuzz` (or the
variable with pytest) runs more.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minimal import make_minimal_project
from localoffer.cli import main

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SERVICE = "content/services/other-service.yaml"
GUIDE = "content/guides/first-guide.md"
SITE = "content/site.yaml"
PROBLEM_LINE = re.compile(r"^(warning: )?content/\S+?(:\d+)?: \S.*$")
SUMMARY = re.compile(r"^\d+ problems? must be fixed")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Only content/ matters to `check`; each example changes one file and puts it back afterwards."""
    full = make_minimal_project(tmp_path_factory.mktemp("fuzz-full"))
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(full / "content", root / "content")
    return root


def check_with(project: Path, relative: str, data: bytes) -> None:
    path = project / relative
    original = path.read_bytes()
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--project", str(project), "--debug", "check"])
    finally:
        path.write_bytes(original)
    printed = err.getvalue()
    assert status in (0, 1), f"exit {status} for {data[:300]!r}:\n{printed}"
    assert "Traceback" not in printed, printed
    if status == 1:
        lines = [line for line in printed.splitlines() if line.strip()]
        assert SUMMARY.match(lines[-1]), printed
        # Each problem starts a line as path:line. (A value with a line break in it is quoted as it is,
        # so a message may run on to a second line: only problem starts are checked.)
        assert PROBLEM_LINE.match(lines[0]), f"not a path:line problem: {lines[0]!r} for {data[:300]!r}"


# Raw bytes: a valid file with bytes inserted, deleted or replaced, from an alphabet YAML cares about.
SPECIAL = [b":", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!", b"!!binary ", b"\t", b"\n", b"  ", b"\x00",
           b"\xff", b"\xef\xbb\xbf", b"#", b'"', b"'", b"|", b">", b"? ", b"%YAML 1.1\n", b"---\n", b"...\n",
           b"<<: ", b"~", b"1e999", b".nan", b"\r", b"\x85", "\u2028".encode("utf-8")]
edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(SPECIAL) | st.binary(max_size=8)),
                 min_size=1, max_size=6)


def mutate(original: bytes, changes) -> bytes:
    data = bytearray(original)
    for where, how, piece in changes:
        at = int(where * len(data))
        if how == 0:
            data[at:at] = piece
        elif how == 1:
            del data[at:at + len(piece)]
        else:
            data[at:at + len(piece)] = piece
    return bytes(data)


# Structured values of any JSON-ish (and some YAML-only) shape, for one field at a time.
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
           | st.sampled_from(["2026-13-45", "0115 496 0000", "https://example.org/", "javascript:alert(1)",
                              "all", "autism", "../services/x.yaml", "[x](y.md#z)", "{url}", "-1"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=12) | st.sampled_from(["name", "url", "service", "page"]),
                                        inner, max_size=4), max_leaves=12)


def replace_field(text: str, field: str, value) -> bytes:
    data = yaml.safe_load(text)
    data[field] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@FUZZ
@given(changes=edits)
def test_mutated_service_files(project, changes):
    check_with(project, SERVICE, mutate((project / SERVICE).read_bytes(), changes))


@FUZZ
@given(changes=edits)
def test_mutated_guides(project, changes):
    check_with(project, GUIDE, mutate((project / GUIDE).read_bytes(), changes))


@FUZZ
@given(changes=edits)
def test_mutated_site_yaml(project, changes):
    check_with(project, SITE, mutate((project / SITE).read_bytes(), changes))


SERVICE_FIELDS = ["name", "summary", "description", "organisation", "categories", "needs", "minimum_age",
                  "maximum_age", "cost", "access", "contacts", "last_reviewed", "related_guides", "status", "areas"]


@FUZZ
@given(field=st.sampled_from(SERVICE_FIELDS) | st.text(min_size=1, max_size=10), value=values)
def test_any_value_in_any_service_field(project, field, value):
    check_with(project, SERVICE, replace_field((project / SERVICE).read_text(encoding="utf-8"), field, value))


@FUZZ
@given(field=st.sampled_from(["name", "base_url", "contact", "repository", "get_help", "footer", "limits",
                              "review_period_months", "language"]), value=values)
def test_any_value_in_any_site_setting(project, field, value):
    check_with(project, SITE, replace_field((project / SITE).read_text(encoding="utf-8"), field, value))


@FUZZ
@given(field=st.sampled_from(["title", "summary", "topic", "needs", "minimum_age", "related_services",
                              "last_reviewed", "reviewed_by"]), value=values, body=st.text(max_size=200))
def test_any_front_matter_and_body_in_a_guide(project, field, value, body):
    text = (project / GUIDE).read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data[field] = value
    check_with(project, GUIDE, ("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body).encode("utf-8"))
