"""A small, complete content project for tests, independent of the shipped content."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from support import PROJECT, write

from localoffer.openreferral import file_uuid

SERVICE = """\
# yaml-language-server: $schema=../schemas/service.schema.json
name: {name}
summary: A service that helps families in Nottingham with things they need.
description: |
  Some **help**. See [the guide](../guides/first-guide.md#how-it-works).
organisation: Nottingham City Council
categories: [advice-and-support]
needs: [all]
minimum_age: 0
maximum_age: 25
cost:
  free: true
access:
  routes: [self-referral]
contacts:
  - name: The team
    phone: 0115 496 0123
    email: team@example.org
    website: https://example.org/team
last_reviewed: 2026-01-10
reviewed_by: Local Offer team
sources:
  - url: https://example.org/team
    seen: 2026-01-10
    supports: [phone, email, website]
id: {id}
"""

GUIDE = """\
---
title: {title}
summary: A guide that answers a question parents ask about support.
topic: education
related_services: [nottingham-sendiass]
last_reviewed: 2026-01-10
reviewed_by: Local Offer team
---

## How it works

Short sentences. Clear words. See [the other guide](second-guide.md).
"""

PAGE = """\
---
title: {title}
summary: A page about the site that every family may need to read.
last_reviewed: 2026-01-10
reviewed_by: Local Offer team
---

Text of the page.
"""


HOME_TASKS = """\
home_tasks:
  - guide: first-guide
    text: Read the first guide
  - built: services
    text: See every service, A to Z
"""


def use_own_home_tasks(site_yaml: Path) -> None:
    """The shipped home page links to guides this small project does not have: link to its own."""
    data = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    text = site_yaml.read_text(encoding="utf-8")
    start = text.index("home_tasks:")
    end = start + text[start:].index("\n# ", 1) + 1  # up to the next commented setting
    assert data["home_tasks"], "site.yaml's home_tasks moved: update tests/minimal.py"
    site_yaml.write_text(text[:start] + HOME_TASKS + text[end:], encoding="utf-8")


def english_only(site_yaml: Path) -> None:
    """Most tests need no language sub-sites, which would triple the pages each build makes."""
    text = re.sub(r"^languages:\n(?:[ -].*\n)*", "", site_yaml.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert "languages" not in yaml.safe_load(text), "site.yaml's languages moved: update tests/minimal.py"
    site_yaml.write_text(text, encoding="utf-8")


def make_minimal_project(root: Path, languages: bool = False) -> Path:
    """A small project: three services, four guides and three pages; with `languages`, the site's
    languages as content/site.yaml lists them (the sub-sites, without their catalogues)."""
    for folder in ("templates", "assets"):
        shutil.copytree(PROJECT / folder, root / folder)
    shutil.copytree(PROJECT / "content" / "schemas", root / "content" / "schemas")
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copyfile(PROJECT / "content" / name, root / "content" / name)
    content = root / "content"
    use_own_home_tasks(content / "site.yaml")
    if not languages:
        english_only(content / "site.yaml")
    for slug, name in (("nottingham-sendiass", "SENDIASS"), ("rainbow-parent-carer-forum", "The Forum"),
                       ("other-service", "Another service")):
        write(content / "services" / f"{slug}.yaml", SERVICE.format(name=name, id=file_uuid(slug)))
    for slug, title in (("first-guide", "The first guide"), ("second-guide", "The second guide"),
                        ("you-said-we-did", "You said, we did"),
                        ("getting-this-information-offline", "Get this information offline")):
        write(content / "guides" / f"{slug}.md", GUIDE.format(title=title))
    for slug, title in (("contact", "Contact us"), ("accessibility-statement", "Accessibility statement"),
                        ("help-in-your-language", "Help in your language")):
        write(content / "pages" / f"{slug}.md", PAGE.format(title=title))
    return root
