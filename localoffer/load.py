"""Stage 1: read every file in content/ into plain Python data, with enough to find lines later."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import markdown, parallel
from .limits import Limits, list_folder, read_content_file
from .problems import Problem
from .routes import CONTRIBUTING_FILE, CONTRIBUTING_SLUG, KINDS, SLUG, ContentKind
from .yamlfile import LineFinder, parse_yaml


@dataclass
class Document:
    """One content file: a service, guide, page or piece of feedback."""

    kind: str
    slug: str
    path: str          # as shown to editors, e.g. content/services/futures.yaml
    data: dict
    lines: LineFinder
    body: str = ""     # Markdown: a guide's text, or a service's description
    markdown_line: int = 0  # the file line where a guide's Markdown starts; 0 if in a YAML field

    def line(self, *path) -> int:
        return self.lines.line(path)

    def key_line(self, *path) -> int:
        return self.lines.line(path, of_key=True)

    @cached_property
    def html(self) -> str:
        """The Markdown body as cmark-gfm HTML, converted once per build for every stage that needs
        it (link checks, heading ids, reading ease, the page itself)."""
        return markdown.to_html(self.body) if self.body else ""

    @property
    def body_line(self) -> int:
        """The file line where the Markdown starts. For a service's `description: |` block that is
        the line after the key, found only when a message needs it."""
        return self.markdown_line or self.line("description") + 1


@dataclass
class Content:
    root: Path
    site: dict = field(default_factory=dict)
    taxonomy: dict = field(default_factory=dict)
    checklist: dict = field(default_factory=dict)
    settings_lines: dict = field(default_factory=dict)  # file name -> LineFinder
    documents: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})
    translations: list = field(default_factory=list)  # [(language code, Document)]: guide-name.ur.md files
    term_translations: list = field(default_factory=list)  # [(language code, Document)]: taxonomy.ur.yaml files
    problems: list[Problem] = field(default_factory=list)

    @property
    def services(self) -> list[Document]:
        return self.documents["service"]

    @property
    def guides(self) -> list[Document]:
        return self.documents["guide"]

    @property
    def pages(self) -> list[Document]:
        return self.documents["page"]

    @property
    def feedback(self) -> list[Document]:
        return self.documents["feedback"]

    def display(self, path: Path) -> str:
        return path.absolute().relative_to(self.root.parent).as_posix()


def load_content(content_dir: Path) -> Content:
    content = Content(root=content_dir.resolve())
    for name, optional in (("site", False), ("taxonomy", False), ("checklist", True)):
        data = load_settings(content, name, optional)
        setattr(content, name, data if isinstance(data, dict) else {})
    load_term_translations(content)
    load_contributing_guide(content)  # first, so a content page that takes its address is the one blamed
    files = []
    for kind in KINDS.values():
        directory = content.root / kind.folder
        if directory.is_dir():
            paths, too_many = list_folder(directory, content.display(directory), Limits.from_site(content.site))
            content.problems.extend([too_many] if too_many else [])
            files += [(kind, path) for path in paths]
    # Each file is read and parsed on its own: half of them in a second process (parallel.each_in_two).
    for document, translation, problems in parallel.each_in_two(lambda file: load_file(content, *file), files):
        content.problems.extend(problems)
        if translation:
            content.translations.append(translation)
        if document:
            content.documents[document.kind].append(document)
    return content


def load_file(content: Content, kind: ContentKind, path: Path) -> tuple[Document | None, tuple | None, list[Problem]]:
    """One file of a content folder: its document, or its translation (language code, document), and
    its problems. Reads `content`'s root and settings only, so it can run in another process."""
    found = Content(root=content.root, site=content.site)
    translated = TRANSLATION_FILE.match(path.name) if kind.is_markdown else None
    if translated:
        load_translation(found, path, kind, *translated.groups())
        return None, next(iter(found.translations), None), found.problems
    return load_document(found, path, kind), None, found.problems


# A translation sits beside its English file: post-16-options.ur.md translates post-16-options.md.
TRANSLATION_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<code>[a-z]{2,3})\.md$")


def load_translation(content: Content, path: Path, kind: ContentKind, slug: str, code: str) -> None:
    """Read a translation like any Markdown file (read_text refuses links); languages.py checks and uses it."""
    text, problem = read_text(content, path)
    if problem:
        content.problems.append(problem)
        return
    document = split_front_matter(content, text, content.display(path), kind.name, slug)
    if document:
        content.translations.append((code, document))


# The taxonomy's words in another language sit beside it too: taxonomy.ur.yaml.
TERM_TRANSLATION_FILE = re.compile(r"^taxonomy\.(?P<code>[a-z]{2,3})\.yaml$")


def load_term_translations(content: Content) -> None:
    paths, too_many = list_folder(content.root, "content", Limits.from_site(content.site))
    content.problems.extend([too_many] if too_many else [])
    for path in paths:
        match = TERM_TRANSLATION_FILE.match(path.name)
        if not match:
            continue
        text, problem = read_text(content, path)
        if problem:
            content.problems.append(problem)
            continue
        fields = yaml_fields(content, text, content.display(path), "start from a copy of another language's taxonomy file")
        if fields is not None:
            document = Document("taxonomy", match["code"], content.display(path), fields, LineFinder(text))
            content.term_translations.append((match["code"], document))


def load_contributing_guide(content: Content) -> None:
    """CONTRIBUTING.md is GitHub's place for the contributors' guide; the site publishes the same file
    as the "Help improve this site" page, so the two can never disagree."""
    path = content.root.parent / CONTRIBUTING_FILE
    if path.is_file() and not path.is_symlink():
        text, problem = read_content_file(path, content.display(path), Limits.from_site(content.site))
        if problem:
            content.problems.append(problem)
            return
        document = split_front_matter(content, text, content.display(path), "page", CONTRIBUTING_SLUG)
        if document:
            content.documents["page"].append(document)


def load_settings(content: Content, name: str, optional: bool):
    path = content.root / f"{name}.yaml"
    if not path.is_file():
        if not optional:
            content.problems.append(Problem(content.display(path), 0, f"the file {name}.yaml is missing",
                                            f"create content/{name}.yaml", code="file-missing"))
        return None
    text, problem = read_text(content, path)
    if problem:
        content.problems.append(problem)
        return None
    data, problems = parse_yaml(text, content.display(path), limits=Limits.from_site(content.site))
    content.problems.extend(problems)
    content.settings_lines[name] = LineFinder(text)
    return data


def load_document(content: Content, path: Path, kind: ContentKind) -> Document | None:
    shown = content.display(path)
    if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
        return None
    extension = kind.extension
    if path.suffix != extension:
        content.problems.append(Problem(shown, 0, f"this file is not a {extension} file, so it is ignored",
                                        f"rename it to end in {extension}, or move it out of this folder",
                                        code="file-type"))
        return None
    slug = path.stem
    if not SLUG.match(slug):
        content.problems.append(Problem(shown, 0, f"the file name '{path.name}' is not a valid web address",
                                        f"rename it to '{suggest_slug(slug)}{extension}' "
                                        "(lower-case letters, numbers and single hyphens only)", code="file-name"))
    text, problem = read_text(content, path)
    if problem:
        content.problems.append(problem)
        return None
    if kind.is_markdown:
        return split_front_matter(content, text, shown, kind.name, slug)
    data = yaml_fields(content, text, shown, "start from a copy of another file in the same folder")
    if data is None:
        return None
    lines = LineFinder(text)
    body = data.get("description") if isinstance(data.get("description"), str) else ""
    if not isinstance(data.get("description", ""), str):
        data.pop("description")  # the schema check reports it; keep it out of the Markdown
    return Document(kind.name, slug, shown, data, lines, body)


def yaml_fields(content: Content, text: str, shown: str, hint: str) -> dict | None:
    """A YAML file's fields, or None with its problems noted (`hint`: how to start the file afresh)."""
    data, problems = parse_yaml(text, shown, limits=Limits.from_site(content.site))
    content.problems.extend(problems)
    if problems:
        return None
    if not isinstance(data, dict):
        content.problems.append(Problem(shown, 1, "the file is empty or is not a list of fields", hint,
                                        code="not-fields"))
        return None
    return data


@dataclass(frozen=True)
class FrontMatter:
    front: str       # the YAML between the '---' lines
    body: str        # the Markdown after them
    body_line: int   # the file line where the Markdown starts


def front_matter_parts(text: str) -> FrontMatter | None:
    """Split a Markdown file into its YAML front matter and its body; None if it has no front matter.
    The one parser for front matter, used by loading and by change summaries."""
    lines = text.removeprefix("\ufeff").split("\n")  # a byte-order mark, as YAML files may start with
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if not lines or lines[0].strip() != "---" or end is None:
        return None
    return FrontMatter("\n".join(lines[1:end]), "\n".join(lines[end + 1:]), end + 2)


def split_front_matter(content: Content, text: str, shown: str, kind: str, slug: str) -> Document | None:
    parts = front_matter_parts(text)
    if parts is None:
        content.problems.append(Problem(shown, 1, "the file does not start with front matter between two '---' lines",
                                        "put '---' on the first line, then the title and other fields, then '---'",
                                        code="front-matter"))
        return None
    data, problems = parse_yaml(parts.front, shown, line_offset=1, limits=Limits.from_site(content.site))
    content.problems.extend(problems)
    if problems:
        return None
    if not isinstance(data, dict):
        content.problems.append(Problem(shown, 2, "the front matter has no fields",
                                        "add 'title:', 'summary:' and the other fields between the '---' lines",
                                        code="front-matter"))
        return None
    return Document(kind, slug, shown, data, LineFinder(parts.front, line_offset=1), parts.body,
                    markdown_line=parts.body_line)


def read_text(content: Content, path: Path) -> tuple[str, Problem | None]:
    shown = content.display(path)
    # A symbolic link could point outside content/; content from a pull request may not do that.
    if path.is_symlink() or not path.resolve().is_relative_to(content.root):
        return "", Problem(shown, 0, "this is a link to another file, which is not allowed",
                           "replace the link with a normal file", code="file-link")
    # site.yaml is read with the default limits (content.site is still empty then); the rest with its own.
    return read_content_file(path, shown, Limits.from_site(content.site))


def suggest_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "new-file"
