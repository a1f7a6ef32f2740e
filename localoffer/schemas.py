"""JSON Schema checking, turning each schema error into a plain-English sentence for editors.

The schemas in content/schemas/ are the single source of the rules; this module only words them.
"""
from __future__ import annotations

import datetime
import json
import re
from functools import lru_cache
from pathlib import Path

import re2
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable

from .limits import DEFAULT as LIMITS
from .limits import read_content_file
from .problems import Problem
from .suggest import did_you_mean

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date")
def is_date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


@FORMATS.checks("email")
def is_email(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", value))


@FORMATS.checks("web-url")
def is_web_url(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/\S*)?", value))


@FORMATS.checks("uk-phone")
def is_uk_phone(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"(\+44\s?|0)[\d ]+", value.strip()):
        return False
    digits = re.sub(r"\D", "", value)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return len(digits) in (10, 11) or (digits.startswith("0800") and len(digits) == 10) or len(digits) == 4


@FORMATS.checks("uk-postcode")
def is_uk_postcode(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", value.strip()))


FORMAT_ADVICE = {
    "date": ("is not a real date", "write it as YYYY-MM-DD, for example 2026-11-20"),
    "email": ("is not an email address", "write it like name@example.org"),
    "web-url": ("is not a full web address", "write it starting with https://, for example https://example.org/page"),
    "uk-phone": ("is not a UK phone number", "write it with the area code, for example 0115 496 0123"),
    "uk-postcode": ("is not a UK postcode", "write it in capitals with a space, for example NG2 3NG"),
}
TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list (one item a line, each starting with '- ', or [a, b] on one line)",
    "object": "a group of fields, indented below it",
}


# Schemas come from pull requests, so their patterns are untrusted: Python's re can take hours on a
# pattern such as (a+)+$, while RE2 matches in time proportional to the text, whatever the pattern.
RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False  # a bad pattern is reported to the editor as a Problem, not logged


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str):
    return re2.compile(pattern, options=RE2_OPTIONS)


def pattern_in_linear_time(validator, pattern, instance, schema):
    """The `pattern` keyword, as jsonschema's own but matched by RE2."""
    if validator.is_type(instance, "string") and not compiled_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


ContentValidator = validators.extend(Draft202012Validator, {"pattern": pattern_in_linear_time})


class SchemaFileError(Exception):
    """A schema file that cannot be used; it carries the Problem naming the schema file."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def validator_for(schema_path: Path) -> Draft202012Validator:
    """The validator for one schema file, or SchemaFileError if the file cannot be trusted or used."""
    validator, problem = load_validator(schema_path)
    if problem:
        raise SchemaFileError(problem)
    return validator


@lru_cache(maxsize=None)
def load_validator(schema_path: Path) -> tuple[Draft202012Validator | None, Problem | None]:
    """Schemas come from pull requests like any content, so a schema is read as untrusted: never a
    link, within the file limits, valid JSON, a valid schema, and with no reference the checker would
    fetch from the internet. Cached, with its problem, so a broken schema is read only once."""
    shown = "/".join(schema_path.parts[-3:])  # content/schemas/service.schema.json
    if schema_path.resolve() != schema_path.parent.parent.resolve() / "schemas" / schema_path.name:
        return None, Problem(shown, 0, "this schema is a link to another file, which is not allowed",
                             "replace the link with a normal file")
    if not schema_path.is_file():
        return None, Problem(shown, 0, "this schema file is missing", "restore it from the main branch")
    text, problem = read_content_file(schema_path, shown, LIMITS)
    if problem:
        return None, problem
    try:
        schema = json.loads(text)
        Draft202012Validator.check_schema(schema)
    except json.JSONDecodeError as error:
        return None, Problem(shown, error.lineno, f"this schema is not valid JSON ({error.msg})",
                             "fix the JSON on this line, or restore the file from the main branch")
    except SchemaError as error:
        return None, Problem(shown, 0, f"this is not a valid JSON Schema ({error.message[:200]})",
                             "restore the file from the main branch")
    except RecursionError:
        return None, Problem(shown, 0, "this schema is nested too deeply to read", "restore the file from the main branch")
    problem = untrusted_keyword_problem(schema, shown)
    if problem:
        return None, problem
    registry = Registry(retrieve=refuse_to_fetch)  # a second guard: nothing is ever fetched
    return ContentValidator(schema, format_checker=FORMATS, registry=registry), None


def untrusted_keyword_problem(schema, shown: str) -> Problem | None:
    """The first keyword the checker must not run as written: a reference that would be fetched, a
    pattern RE2 cannot run, or patternProperties (which jsonschema matches with Python's re)."""
    for key, value in schema_keywords(schema):
        if key in ("$ref", "$dynamicRef") and isinstance(value, str) and not value.startswith("#") \
                or key == "$schema" and value not in KNOWN_METASCHEMAS:
            return Problem(shown, 0, f"this schema refers to '{str(value)[:100]}', outside content/schemas, "
                                     "which is not allowed", "use only '#/$defs/...' references")
        if key == "patternProperties":
            return Problem(shown, 0, "this schema uses patternProperties, which the checker does not allow",
                           "name each field under 'properties' instead")
        if key == "pattern" and isinstance(value, str):
            try:
                compiled_pattern(value)
            except re2.error:
                return Problem(shown, 0, f"the pattern '{value[:100]}' in this schema cannot be checked safely",
                               "use a simple pattern: no back-references (\\1) or look-arounds (?=, ?!)")
    return None


def schema_keywords(schema):
    """Every (key, value) pair anywhere in the schema."""
    stack = [schema]
    while stack:  # a loop, not recursion: a schema may be nested deeply on purpose
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                yield key, value
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


KNOWN_METASCHEMAS = ("https://json-schema.org/draft/2020-12/schema",)


def refuse_to_fetch(uri: str):
    raise NoSuchResource(ref=uri)


def schema_problems(data: dict, schema_path: Path, shown: str, line_of) -> list[Problem]:
    """Every schema error in `data`, as Problems. `line_of(path)` finds a value's line."""
    try:
        errors = sorted(validator_for(schema_path).iter_errors(data), key=lambda e: list(map(str, e.path)))
    except SchemaFileError as error:
        return [error.problem]
    except Unresolvable as error:  # only if a reference slipped past remote_references
        return [Problem("/".join(schema_path.parts[-3:]), 0, f"this schema has a reference that cannot be used ({error})",
                        "use only '#/$defs/...' references")]
    problems = []
    for error in errors:
        path = list(error.path)
        message, fix = describe(error, path)
        problems.append(Problem(shown, line_of(path_to_extra_key(error, path)), message, fix,
                                code=f"schema-{error.validator}"))
    return problems


def path_to_extra_key(error, path):
    extra = unexpected_keys(error)
    return path + [extra[0]] if extra else path


def unexpected_keys(error) -> list[str]:
    if error.validator not in ("additionalProperties", "unevaluatedProperties") or not isinstance(error.instance, dict):
        return []
    known = set(error.schema.get("properties", {}))
    return [key for key in error.instance if key not in known]


def field_name(path: list) -> str:
    """('contacts', 0, 'phone') -> "'phone' in contact 1"."""
    if not path:
        return "the file"
    names = [p for p in path if isinstance(p, str)]
    numbers = [p for p in path if isinstance(p, int)]
    name = f"'{names[-1]}'" if names else "an item"
    if numbers and names and len(names) > 1:
        return f"{name} in {names[0].rstrip('s')} {numbers[0] + 1}"
    if numbers:
        return f"item {numbers[-1] + 1} of {name}"
    return name


# Every JSON Schema keyword that can fail, worded for editors. A test checks that every keyword used in
# content/schemas/ is here, so jsonschema's own text ("... is not valid under any of the given
# schemas") never reaches an editor.
def describe(error, path: list) -> tuple[str, str]:
    kind, where = error.validator, field_name(path)
    wording = WORDING.get(kind)
    if wording:
        return wording(error, path, where)
    return (f"{where} is not in a form we accept",
            "compare it with the same field in another file of this kind; content/schemas/ has the rules")


def required_words(error, path, where):
    missing = re.findall(r"'([^']+)' is a required property", error.message)[0]
    described = error.schema.get("properties", {}).get(missing, {}).get("description", "")
    inside = "" if not path else f" in {where}"
    return (f"the required field '{missing}'{inside} is missing",
            f"add a line '{missing}: ...'" + (f" ({described})" if described else ""))


def extra_words(error, path, where):
    extra = (unexpected_keys(error) or ["?"])[0]
    known = sorted(error.schema.get("properties", {}))
    fix = did_you_mean(extra, known, f"remove it, or use one of: {', '.join(known)}")
    return f"'{extra}' is not a field we know", fix


def type_words(error, path, where):
    wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
    return (f"{where} should be {TYPE_WORDS.get(wanted, wanted)}, but it is {shown_value(error.instance)}",
            type_fix(wanted))


def enum_words(error, path, where):
    allowed = [str(v) for v in error.validator_value]
    fix = did_you_mean(error.instance, allowed, f"use one of: {', '.join(allowed)}", cutoff=0.5)
    return f"{where} is {shown_value(error.instance)}, which is not allowed", fix


def const_words(error, path, where):
    return f"{where} is {shown_value(error.instance)}, which is not allowed", f"write {error.validator_value}"


def max_length_words(error, path, where):
    value = error.instance
    over = len(value) - error.validator_value
    return (f"{where} is {len(value)} characters long, {over} over the limit of {error.validator_value}",
            "shorten it" + (" to one sentence" if path and path[-1] == "summary" else ""))


def min_length_words(error, path, where):
    value = error.instance
    if not value.strip():
        return f"{where} is empty", "write something here, or remove the line if the field is optional"
    return (f"{where} is too short ({len(value)} characters)", f"write at least {error.validator_value} characters")


def range_words(error, path, where):
    value = error.instance
    if path and str(path[-1]).endswith("age"):
        return f"{where} is {value}, but ages must be from 0 to 25", "use a whole number of years from 0 to 25"
    bound = {"minimum": "at least", "exclusiveMinimum": "above", "maximum": "at most",
             "exclusiveMaximum": "below", "multipleOf": "a multiple of"}[error.validator]
    return f"{where} is {value}, which is out of range", f"use a number {bound} {error.validator_value}"


def format_words(error, path, where):
    what, fix = FORMAT_ADVICE.get(error.validator_value, ("is not in the right format", "check it"))
    return f"{where} {shown_value(error.instance)} {what}", fix


def pattern_words(error, path, where):
    if path and path[-1] == "base_url":
        return f"{where} must end with '/'", "add a '/' at the end"
    if error.validator_value.startswith("^https"):
        return f"{where} {shown_value(error.instance)} is not a secure web address", "start it with https://"
    return (f"{where} {shown_value(error.instance)} is not in the right form",
            "use lower-case letters, numbers and hyphens")


def items_count_words(error, path, where):
    if error.validator == "minItems":
        return (f"{where} is an empty list", "add at least one item") if not error.instance else \
            (f"{where} has too few items", f"list at least {error.validator_value}")
    return f"{where} has {len(error.instance)} items, more than {error.validator_value}", "remove some"


def properties_count_words(error, path, where):
    if error.validator == "minProperties":
        return f"{where} has no fields", "add the fields it needs"
    return f"{where} has too many fields", f"keep at most {error.validator_value}"


def choice_words(error, path, where):
    """oneOf / anyOf. Where the choices are just "one of these fields" (a link names a service, a
    guide, a page or a built page), say which fields; otherwise word the closest choice's problem."""
    choices = error.validator_value
    required_only = [c.get("required") for c in choices if isinstance(c, dict) and set(c) == {"required"}]
    if len(required_only) == len(choices) and isinstance(error.instance, dict):
        fields = [names[0] for names in required_only if names]
        present = [f for f in fields if f in error.instance]
        listed = ", ".join(f"'{f}'" for f in fields)
        if present:
            return (f"{where} has {' and '.join(repr(f) for f in present)}, but needs exactly one of {listed}",
                    "keep only one of them")
        return f"{where} needs one of {listed}", f"add one of them, for example '{fields[0]}: ...'"
    closest = best_match(error.context) if error.context else None
    if closest is not None:
        return describe(closest, list(closest.absolute_path) or path)
    return (f"{where} does not match any of the forms it may take",
            "compare it with the same field in another file of this kind")


def not_words(error, path, where):
    return f"{where} {shown_value(error.instance)} is not allowed here", "remove it or change it"


def dependent_words(error, path, where):
    needed = re.findall(r"'([^']+)' is a dependency of '([^']+)'", error.message)
    if needed:
        field, owner = needed[0]
        return f"{where} has '{owner}' but not '{field}', which goes with it", f"add a line '{field}: ...'"
    return f"{where} is missing a field that goes with another", "compare it with another file of this kind"


def false_words(error, path, where):
    return f"{where} is not allowed here", "remove it"


def unique_words(error, path, where):
    return f"{where} lists the same item more than once", "remove the repeated item"


def contains_words(error, path, where):
    return f"{where} does not include an item it needs", "compare it with another file of this kind"


def property_names_words(error, path, where):
    return f"{where} has a field name we cannot use", "use lower-case names with underscores"


WORDING = {
    "required": required_words, "additionalProperties": extra_words, "unevaluatedProperties": extra_words,
    "type": type_words, "enum": enum_words, "const": const_words,
    "maxLength": max_length_words, "minLength": min_length_words,
    "minimum": range_words, "maximum": range_words, "exclusiveMinimum": range_words,
    "exclusiveMaximum": range_words, "multipleOf": range_words,
    "format": format_words, "pattern": pattern_words,
    "minItems": items_count_words, "maxItems": items_count_words, "uniqueItems": unique_words,
    "contains": contains_words, "minContains": contains_words, "maxContains": contains_words,
    "minProperties": properties_count_words, "maxProperties": properties_count_words,
    "propertyNames": property_names_words, "dependentRequired": dependent_words, "dependencies": dependent_words,
    "oneOf": choice_words, "anyOf": choice_words, "not": not_words, None: false_words,
    "unevaluatedItems": false_words, "additionalItems": false_words,
}
# Keywords that never fail by themselves: they only hold or point to other rules.
STRUCTURAL = {"$schema", "$id", "$ref", "$defs", "$comment", "$anchor", "$dynamicRef", "$dynamicAnchor", "title",
              "description", "default", "examples", "properties", "patternProperties", "items", "prefixItems",
              "allOf", "if", "then", "else", "dependentSchemas", "deprecated", "readOnly", "writeOnly",
              "contentMediaType", "contentEncoding"}


def type_fix(wanted: str) -> str:
    return {
        "string": "write it as text; wrap it in quotes if it starts with a symbol or looks like a number",
        "integer": "write a number without quotes or words, for example 5",
        "boolean": "write true or false",
        "array": "write it as a list, for example [autism, adhd]",
        "object": "indent the fields that belong to it by two spaces",
    }.get(wanted, "check the format")


def shown_value(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a group of fields"
    text = str(value)
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"
