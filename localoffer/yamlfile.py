"""Reading YAML safely and fast, and finding the line of any value when an error needs one."""
from __future__ import annotations

import yaml

from .limits import DEFAULT, RAISE_IT, Limits
from .problems import Problem


class ContentLoader(yaml.CSafeLoader):
    """The C-accelerated safe loader, keeping dates as text.

    Dates stay as "YYYY-MM-DD" strings so that one JSON Schema can check them,
    and so a typo such as 2026-13-01 is reported as a bad date rather than crashing.
    """


def construct_mapping_without_duplicates(loader, node, deep=False):
    """A mapping whose field names are text, each written once.

    A field written twice is an editing slip: PyYAML would silently keep the last one. A field name
    is kept as written (so 'yes:' stays "yes" rather than becoming true), as JSON Schema and the rest
    of the builder expect text; a list or group of fields used as a name is a mistake.
    """
    mapping, first_lines = {}, {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a list or group of fields is used as a field name", key_node.start_mark)
        key = key_node.value
        if any(character < " " or "\x7f" <= character <= "\x9f" for character in key):
            raise yaml.constructor.ConstructorError(
                None, None, "a field name has a line break or an invisible control character in it", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field '{key}' appears twice (first on line {first_lines[key] + 1})",
                key_node.start_mark)
        first_lines[key] = key_node.start_mark.line
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping_without_duplicates)
ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, path: str, line_offset: int = 0,
               limits: Limits = DEFAULT) -> tuple[object, list[Problem]]:
    """Parse YAML text; return (data, problems). Syntax errors become plain-English problems."""
    try:
        screened = not could_be_too_much(text, limits)
        too_much = None if screened else structure_problem(text, path, line_offset, limits)
        if too_much:
            return None, [too_much]
        data = yaml.load(text, Loader=ContentLoader)
        if screened and nesting_depth(data) > limits.yaml_depth:  # rare: find the line that goes too deep
            too_much = structure_problem(text, path, line_offset, limits)
        return (None, [too_much]) if too_much else (data, [])
    except yaml.reader.ReaderError as error:  # a character YAML refuses, such as NUL
        # libyaml counts the position in UTF-8 bytes, not characters
        line = text.encode("utf-8", "surrogatepass")[:error.position].count(b"\n") + 1 + line_offset
        return None, [Problem(path, line, f"this line has an invisible control character (code {error.character:#x}) "
                                          "that YAML does not allow",
                              "delete it: retype the line, as such characters usually come from copying")]
    except yaml.MarkedYAMLError as error:
        tab_line = first_tab_indented_line(text)
        if tab_line:  # the commonest mistake, and YAML's own message for it is obscure
            return None, [Problem(path, tab_line + line_offset, "this line is indented with a tab character, "
                                  "which YAML does not allow", "replace the tab with spaces")]
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        return None, [Problem(path, line, describe_yaml_error(error), fix_for(error))]
    except yaml.YAMLError as error:
        return None, [Problem(path, line_offset + 1, f"the file cannot be read as YAML ({error})", YAML_FIX)]


SAFE_TO_BUILD = 1_000  # nesting libyaml builds at once (ten thousand levels take seconds, 100,000 crash it)


def could_be_too_much(text: str, limits: Limits) -> bool:
    """False only if the text certainly has no aliases, cannot nest deeper than SAFE_TO_BUILD and cannot
    hold more values than the limit, so it can be loaded at once and its depth measured afterwards; the
    careful event scan below costs as much as loading again, so most files skip it.

    Every list or group of fields owns at least one character of its own among '[', '{' (flow style),
    '-' (a block list's first item), ':' or '?' (a block mapping's first key), so their count bounds
    the depth; with ',' too, at most two values (a field's name and value) come with each one; an
    alias always starts with '*'.
    """
    indicators = sum(text.count(character) for character in "[{-:?,")
    return "*" in text or indicators > SAFE_TO_BUILD or 2 * indicators + 1 > limits.yaml_values


def nesting_depth(data) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:  # a loop, not recursion
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, (list, tuple, set)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def structure_problem(text: str, path: str, line_offset: int, limits: Limits) -> Problem | None:
    """Too deep, too many values, or aliases that expand too far, found from the parser's events before anything is built.

    Building the data first is what these files would attack: ten thousand nested lists crash the
    parser's recursion, and a "billion laughs" file (each '*alias' repeating the one before ten times)
    is a few lines long but expands to more values than memory holds. The events arrive one at a time,
    so the count stops at the first value over a limit. A syntax error is left to yaml.load to report.
    """
    depth, values, alias_values = 0, 0, 0
    open_collections = []  # [anchor, values inside so far] for each list or mapping not yet closed
    finished = {}          # anchor -> the number of values it stands for
    try:
        for event in yaml.parse(text, Loader=ContentLoader):
            size = 0
            if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent)):
                values += 1  # building a million small values takes the loader many seconds
                if values > limits.yaml_values:
                    return Problem(path, event.start_mark.line + 1 + line_offset,
                                   f"the file has more than {limits.yaml_values:,} values (fields, list items "
                                   "and texts) by this line", f"split it into smaller files, {RAISE_IT}")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.yaml_depth:
                    return Problem(path, event.start_mark.line + 1 + line_offset,
                                   f"lists and groups of fields are nested more than {limits.yaml_depth} deep here",
                                   f"indent less: content never needs this much nesting, {RAISE_IT}")
                open_collections.append([event.anchor, 1])
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                anchor, size = open_collections.pop()
                if anchor:
                    finished[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    finished[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                if any(anchor == event.anchor for anchor, _ in open_collections):
                    return Problem(path, event.start_mark.line + 1 + line_offset,
                                   f"'*{event.anchor}' refers to the list or group of fields it is inside",
                                   "write the values out instead of using '*'")
                size = finished.get(event.anchor, 0)  # an unknown anchor is yaml.load's error to report
                alias_values += size
                if alias_values > limits.yaml_alias_values:
                    return Problem(path, event.start_mark.line + 1 + line_offset,
                                   f"the '*' aliases in this file stand for more than {limits.yaml_alias_values:,} "
                                   "values in all", "write the values out instead of using '&' and '*'")
            if open_collections:
                open_collections[-1][1] += size
    except yaml.YAMLError:
        return None
    return None


def first_tab_indented_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return number
    return 0


YAML_FIX = ("check the indentation (spaces, not tabs) and that any text containing a colon "
            "followed by a space is wrapped in quotes")


# Mistakes the loader itself words in plain English (see construct_mapping_without_duplicates) -> fix.
OWN_ERRORS = {
    "appears twice": "delete one of them",
    "used as a field name": "write a plain word before the ':'; if the name starts with '[' or '{', wrap it in quotes",
    "field name has a line break": "retype the field name on one line, in plain letters",
}


def fix_for(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or ""
    return next((fix for known, fix in OWN_ERRORS.items() if known in problem), YAML_FIX)


def describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    if any(known in problem for known in OWN_ERRORS):
        return problem
    plain = {
        "found character '\\t' that cannot start any token":
            "there is a tab character; YAML needs spaces for indentation",
        "mapping values are not allowed":
            "a colon is in an unexpected place (perhaps text with ': ' that needs quotes)",
        "could not find expected ':'": "a line is missing the ':' between a field name and its value",
        "found duplicate anchor": "a duplicate '&' anchor",
    }
    for known, words in plain.items():
        if problem.startswith(known):
            return f"this line is not valid YAML: {words}"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "this line is not valid YAML: the indentation does not line up with the lines above"
    return f"this line is not valid YAML ({problem or error})"


class LineFinder:
    """Finds the line of a value by its path, e.g. ("contacts", 0, "phone").

    The node tree is composed only the first time a line is needed, so files
    without errors pay nothing for it.
    """

    def __init__(self, text: str, line_offset: int = 0):
        self.text = text
        self.line_offset = line_offset
        self._root = None
        self._composed = False

    def line(self, path, of_key: bool = False) -> int:
        """The line of the value at `path`; with `of_key`, of the key that names it (a nested
        mapping's value starts on the line after its key)."""
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=ContentLoader)
            except yaml.YAMLError:
                self._root = None
        node, best = self._root, self._root
        for number, key in enumerate(path, start=1):
            node = child_node(node, key, of_key and number == len(path))
            if node is None:
                break
            best = node
        if best is None:
            return self.line_offset + 1
        return best.start_mark.line + 1 + self.line_offset

    def release(self) -> None:
        """Forget the node tree (about 20 KB a service file; 200 MB at 10,000 services with warnings);
        a later line is found by composing it again."""
        self._root, self._composed = None, False


def child_node(node, key, the_key: bool = False):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return key_node if the_key else value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
