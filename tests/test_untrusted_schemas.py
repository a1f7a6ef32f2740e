"""The schemas in content/schemas/ come from pull requests too: a broken or hostile one is a problem
naming the schema file (exit 1), a remote reference is never fetched, and a link is never published."""
from __future__ import annotations

import json
import signal
import socket

import pytest

from minimal import make_minimal_project
from localoffer.cli import main
from localoffer.export import publish_schemas
from localoffer.output import Staging
from localoffer.schemas import SchemaFileError, refuse_to_fetch, validator_for

SCHEMA = "content/schemas/service.schema.json"


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project")


def check(project, capsys) -> tuple[int, str]:
    status = main(["--project", str(project), "check"])
    printed = capsys.readouterr()
    return status, printed.err + printed.out


def edit_schema(project, change) -> None:
    path = project / SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def assert_schema_problem(project, capsys, where: str, words: str) -> None:
    status, printed = check(project, capsys)
    assert status == 1, printed
    assert "bug in the site builder" not in printed and "Traceback" not in printed
    assert any(line.startswith(where) and words in line and " - " in line for line in printed.splitlines()), printed


def test_a_schema_that_is_not_valid_json_names_the_file_and_line(minimal, capsys):
    path = minimal / SCHEMA
    path.write_text(path.read_text(encoding="utf-8").replace('"type": "object",', '"type": "object"', 1),
                    encoding="utf-8")
    assert_schema_problem(minimal, capsys, f"{SCHEMA}:", "not valid JSON")


def test_a_missing_schema_is_a_problem_naming_it(minimal, capsys):
    (minimal / SCHEMA).unlink()
    assert_schema_problem(minimal, capsys, SCHEMA, "schema file is missing")


def test_an_invalid_schema_is_a_problem(minimal, capsys):
    edit_schema(minimal, lambda schema: schema.update(type=5))
    assert_schema_problem(minimal, capsys, SCHEMA, "not a valid JSON Schema")


def test_a_deeply_nested_schema_is_a_problem_not_a_crash(minimal, capsys):
    (minimal / SCHEMA).write_text("[\n" * 100_000 + "]\n" * 100_000, encoding="utf-8")
    assert_schema_problem(minimal, capsys, SCHEMA, "nested too deeply")


@pytest.mark.parametrize("reference", ["https://evil.example.org/schema.json",
                                       "http://127.0.0.1:9/x.json#/$defs/a", "file:///etc/passwd",
                                       "taxonomy.schema.json"])
def test_a_reference_outside_the_file_is_refused_and_never_fetched(minimal, capsys, monkeypatch, reference):
    def no_network(*args, **kwargs):
        raise AssertionError(f"the check tried to open a connection: {args}")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    edit_schema(minimal, lambda schema: schema["properties"]["name"].update({"$ref": reference}))
    assert_schema_problem(minimal, capsys, SCHEMA, "outside content/schemas")


def test_a_remote_metaschema_is_refused(minimal, capsys):
    edit_schema(minimal, lambda schema: schema.update({"$schema": "https://evil.example.org/meta"}))
    assert_schema_problem(minimal, capsys, SCHEMA, "outside content/schemas")


def test_the_registry_itself_never_fetches():
    from referencing.exceptions import NoSuchResource
    with pytest.raises(NoSuchResource):
        refuse_to_fetch("https://evil.example.org/schema.json")


def test_a_schema_that_is_a_link_is_refused(minimal, capsys, tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text((minimal / SCHEMA).read_text(encoding="utf-8"), encoding="utf-8")
    (minimal / SCHEMA).unlink()
    (minimal / SCHEMA).symlink_to(outside)
    assert_schema_problem(minimal, capsys, SCHEMA, "link to another file")
    with pytest.raises(SchemaFileError):
        validator_for(minimal / SCHEMA)


def test_a_linked_schema_is_never_published(minimal, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    (minimal / "content/schemas/extra.schema.json").symlink_to(secret)
    staging = Staging(tmp_path / "site")
    publish_schemas(minimal / "content", staging)
    published = sorted(path.name for path in (staging.root / "schemas").iterdir())
    assert "extra.schema.json" not in published
    assert "service.schema.json" in published


def test_a_linked_schemas_folder_is_refused_and_not_published(minimal, capsys, tmp_path):
    schemas = minimal / "content/schemas"
    schemas.rename(tmp_path / "elsewhere")
    schemas.symlink_to(tmp_path / "elsewhere")
    assert_schema_problem(minimal, capsys, "content/schemas/", "link to another file")
    staging = Staging(tmp_path / "site")
    publish_schemas(minimal / "content", staging)
    assert not (staging.root / "schemas").exists() and staging.files() == []


@pytest.fixture
def at_most_a_minute():
    """A pattern that makes Python's re backtrack would hang the check: fail instead of hanging."""
    def stop(*_):
        raise AssertionError("the check was still running after a minute")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_pattern_that_backtracks_is_checked_in_linear_time(minimal, capsys, at_most_a_minute):
    # (a+)+$ against forty a's and a '!' is about 2**40 steps for Python's re; RE2 needs forty.
    edit_schema(minimal, lambda schema: schema["properties"]["name"].update(pattern="^(a+)+$"))
    service = minimal / "content/services/nottingham-sendiass.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("name: SENDIASS", "name: " + "a" * 40 + "!"),
                       encoding="utf-8")
    status, printed = check(minimal, capsys)
    assert status == 1 and "Traceback" not in printed
    assert any(line.startswith("content/services/nottingham-sendiass.yaml:") and "not in the right form" in line
               for line in printed.splitlines()), printed


@pytest.mark.parametrize("pattern", [r"^(a)\1$", "^(?=a)a$"])
def test_a_pattern_re2_cannot_run_is_a_problem_naming_the_schema(minimal, capsys, pattern):
    edit_schema(minimal, lambda schema: schema["properties"]["name"].update(pattern=pattern))
    assert_schema_problem(minimal, capsys, SCHEMA, "cannot be checked safely")


def test_pattern_properties_are_refused(minimal, capsys):
    edit_schema(minimal, lambda schema: schema.update(patternProperties={"^(a+)+$": {"type": "string"}}))
    assert_schema_problem(minimal, capsys, SCHEMA, "patternProperties")
