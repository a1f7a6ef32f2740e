"""Reading YAML safely and fast, and finding the line of any value when an error needs one."""
from __future__ import annotations

import yaml

from .problems import Problem


class ContentLoader(yaml.CSafeLoader):
    """The C-accelerated safe loader, keeping dates as text.

    Dates stay as "YYYY-MM-DD" strings so that one JSON Schema can check them,
    and so a typo such as 2026-13-01 is reported as a bad date rather than crashing.
    """


def construct_mapping_without_duplicates(loader, node, deep=False):
    """A field written twice is an editing slip: PyYAML would silently keep the last one."""
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field '{key}' appears twice (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping_without_duplicates)
ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, list[Problem]]:
    """Parse YAML text; return (data, problems). Syntax errors become plain-English problems."""
    try:
        return yaml.load(text, Loader=ContentLoader), []
    except yaml.MarkedYAMLError as error:
        tab_line = first_tab_indented_line(text)
        if tab_line:  # the commonest mistake, and YAML's own message for it is obscure
            return None, [Problem(path, tab_line + line_offset, "this line is indented with a tab character, "
                                  "which YAML does not allow", "replace the tab with spaces")]
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        fix = "delete one of them" if "appears twice" in (error.problem or "") else YAML_FIX
        return None, [Problem(path, line, describe_yaml_error(error), fix)]
    except yaml.YAMLError as error:
        return None, [Problem(path, line_offset + 1, f"the file cannot be read as YAML ({error})", YAML_FIX)]


def first_tab_indented_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return number
    return 0


YAML_FIX = ("check the indentation (spaces, not tabs) and that any text containing a colon "
            "followed by a space is wrapped in quotes")


def describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    if "appears twice" in problem:
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

    def line(self, path) -> int:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=ContentLoader)
            except yaml.YAMLError:
                self._root = None
        node, best = self._root, self._root
        for key in path:
            node = child_node(node, key)
            if node is None:
                break
            best = node
        if best is None:
            return self.line_offset + 1
        return best.start_mark.line + 1 + self.line_offset


def child_node(node, key):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
