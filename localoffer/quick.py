"""The preview's fast path: show an edit at once, before the full build that follows it.

After an edit to one service, guide or page, only that file is read and checked, and only its own page
is rendered and written into the previewed site, in a few milliseconds however many services there are.
After a template or stylesheet change, every page is re-rendered from the last build's model. Either
way the full build runs next and brings listings, search, the zip and everything else up to date, so
the fast path never has to be complete, only quick and right for what it shows.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from .load import Content, load_document
from .output import replace_file
from .pages import entry_page
from .problems import Problem, errors_in
from .render import LANGUAGE_PART, LISTED, LISTED_BY, listed_items, make_environment, render_page
from .routes import KIND_OF_FOLDER, KINDS
from .schemas import schema_problems
from .sitemodel import make_entry
from .validate import ContentIndex, document_problems


class QuickPreview:
    """Renders single pages from the last successful build, for `serve`."""

    def __init__(self, project: Path, output: Path, result):
        self.project, self.output, self.result = project, output, result
        self.index = ContentIndex(result.content)
        self.environment = make_environment(project / "templates", result.model, result.assets, watch_templates=True)
        # Compile every template now, after the build, so the first edit does not wait for it
        # (about 130 ms for the service page's templates).
        self.references: dict[str, list] = {}  # template -> the templates it names (None: a variable)
        for name in self.environment.list_templates(extensions=["html"]):
            self.environment.get_template(name)
            self.references[name] = references(self.environment, name)
        # The pages of the last build as it planned them (a template change re-renders some of them),
        # in every language; they change only with the next full build, which makes a new QuickPreview.
        self.pages = [page for page in result.planned if not page.offline_download]

    def edited_file(self, path: Path) -> tuple[str | None, list[Problem]]:
        """Re-render the page of one edited content file. Returns (the page written, problems);
        (None, []) when the file has no page of its own, so only the full build can show it."""
        kind = KIND_OF_FOLDER.get(path.parent.name)
        if kind is None or not kind.linkable or path.suffix != kind.extension or not path.is_file() \
                or path.parent.parent.resolve() != self.result.content.root:
            return None, []
        document, problems = self.read(path, kind)
        if document is None or errors_in(problems):
            return None, problems
        model = self.result.model
        old = next((e for e in model.services + model.guides + model.pages if e.document.path == document.path), None)
        entry = make_entry(document, model.taxonomy, model.access_routes, model.today,
                           model.site.get("review_period_months", 12))
        entry.related = old.related if old else []
        entry.shows_offline_download = old.shows_offline_download if old else False
        if entry.shows_offline_download:
            return None, problems  # its page shows the zip's size, which only the full build knows
        page = entry_page(model, entry)
        self.write(page.path, render_page(self.environment, page))
        return page.path, problems

    def read(self, path: Path, kind) -> tuple[object, list[Problem]]:
        scratch = Content(root=self.result.content.root, site=self.result.content.site,
                          taxonomy=self.result.content.taxonomy)
        document = load_document(scratch, path, kind)
        problems = list(scratch.problems)
        if document is None:
            return None, problems
        problems += schema_problems(document.data, self.project / "content/schemas" / KINDS[kind.name].schema,
                                    document.path, document.lines.line)
        for key, value in kind.defaults.items():
            document.data.setdefault(key, value)
        problems += document_problems(self.index, document, self.result.model.today)
        return document, problems

    def all_pages(self, changed: set[str] | None = None) -> int:
        """After a template change: the pages that use a changed template (all of them when `changed`
        is None) again from the last model, with fresh templates. Returns how many were written."""
        # The same environment: Jinja2 compiles again only the templates whose files changed. The
        # listed items (cards...) it rendered may be out of date, so they start again.
        environment = self.environment
        environment.globals.update(listed_items(environment))
        for name in environment.list_templates(extensions=["html"]) if changed is None else changed:
            try:
                self.references[name] = references(environment, name)
            except jinja2.TemplateError:
                self.references[name] = [None]  # unreadable: the render says why; meanwhile redo all
        used: dict[str, set[str] | None] = {}  # page template -> every template it uses
        written = 0
        for page in self.pages:  # without the pages offering the zip: they wait for its size in the full build
            if page.template not in used:
                used[page.template] = templates_used(self.references, page.template)
            if changed is None or used[page.template] is None or changed & used[page.template]:
                self.write(page.path, render_page(environment, page))
                written += 1
        return written

    def write(self, relative: str, text: str) -> None:
        """Replace one file of the previewed site whole, so a reader never gets half of it."""
        replace_file(self.output / relative, text)


def references(environment: jinja2.Environment, name: str) -> list[str | None]:
    """The templates one template extends, includes, imports or renders as a part of the page that
    differs only by language (language_part("partials/footer.html", root): render.LanguageParts), by
    name (None for one named by a variable)."""
    source, _, _ = environment.loader.get_source(environment, name)
    tree = environment.parse(source)
    parts = [call.args[0].value if call.args and isinstance(call.args[0], nodes.Const) else None
             for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name) and call.node.name == LANGUAGE_PART]
    return list(meta.find_referenced_templates(tree)) + parts


def templates_used(references: dict[str, list], name: str) -> set[str] | None:
    """A template and every template it uses, directly or not, by name as the loader knows them
    (partials/service_list.html); None if one is named by a variable, so cannot be known."""
    used, waiting = set(), [name]
    while waiting:
        current = waiting.pop()
        if current in used:
            continue
        used.add(current)
        for referenced in references.get(current, []):
            if referenced is None:
                return None
            waiting.append(referenced)
    # templates rendered from Python by a global that a template calls
    return used | (RENDERED_BY_LISTS if LISTED_BY in used else set())


RENDERED_BY_LISTS = {template for template, *_ in LISTED.values()}  # service_list.html calls them
