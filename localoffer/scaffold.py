"""`python build.py new service "Name"` and `new guide "Title"`: a new file with every field, explained."""
from __future__ import annotations

import datetime
import json
import uuid
from pathlib import Path

from .load import suggest_slug
from .routes import KINDS

SERVICE = """\
# yaml-language-server: $schema=../schemas/service.schema.json
# A new service. Every field is explained; delete the optional ones you do not need.
# Only write facts you are sure of. Leave a line out rather than guess.

# The service's permanent id, for other directories (Open Referral UK). Never change or copy it.
id: {id}
# REQUIRED. The name parents know the service by.
name: {name}
# REQUIRED. One sentence, at most 160 characters, saying what the service does.
summary: Write one sentence here about what the service does and who it is for.
# Optional. A fuller description. Markdown works: **bold**, lists starting with "- ", [links](https://example.org).
description: |
  Who the service is for, what happens, and what to expect.
# REQUIRED. Who runs it.
organisation: Write the organisation's name here
# active, temporarily closed or closed
status: active
# REQUIRED. One or more ids from content/taxonomy.yaml: education, health, social-care, early-years,
# short-breaks, leisure, preparing-for-adulthood, advice-and-support, transport, money-and-benefits
categories: [advice-and-support]
# REQUIRED. Need ids from content/taxonomy.yaml, or [all] for every need.
needs: [all]
# Youngest and oldest age in years, from 0 to 25.
minimum_age: 0
maximum_age: 25
# Area ids from content/taxonomy.yaml; city-wide means all of Nottingham.
areas: [city-wide]
cost:
  free: true
  details: Say what it costs, if anything, and any help with costs.
access:
  # self-referral, professional referral and/or EHC plan needed
  routes: [self-referral]
  eligibility: Who can use it, in plain words.
  how_to_ask: What a family should do to get it.
contacts:
  - name: The team or person to contact
    # phone: 0115 496 0123
    # email: team@example.org
    # website: https://example.org/service
# locations:
#   - name: Where it happens
#     address: Street, Nottingham
#     postcode: NG1 1AA
#     accessibility: Step-free access, accessible toilet, parking.
# opening_times: Monday to Friday, 9am to 5pm
# languages: [English]
# related_guides: [asking-for-an-ehc-needs-assessment]
# Say here what you do not know yet, so parents know to check.
# not_yet_confirmed: The opening times are not confirmed.
# REQUIRED. The date you checked this (YYYY-MM-DD) and who you are.
last_reviewed: {today}
reviewed_by: Write your name or your group's name
"""

GUIDE = """\
---
# REQUIRED. The question a parent asks, in their words.
title: {name}
# REQUIRED. One sentence, at most 160 characters.
summary: Write one sentence here that answers the question in short.
# REQUIRED. A category id from content/taxonomy.yaml.
topic: advice-and-support
# Optional: need ids, the ages it matters to, and related files (names without endings).
needs: []
minimum_age: 0
maximum_age: 25
related_services: []
related_guides: []
# REQUIRED. The date you checked this (YYYY-MM-DD) and who you are.
last_reviewed: {today}
reviewed_by: Write your name or your group's name
---

Start with the answer in one or two short sentences.

## What happens next

Use short sentences. Explain any jargon the first time, and link it to the
glossary, like this: `[EHC plan](glossary.md#ehc-plan-ehcp)`.
"""


# The words a new file is started with. Until each is replaced, `check` refuses the file, so an
# unfilled scaffold is never published.
PLACEHOLDERS = (
    "Write one sentence here",
    "Who the service is for, what happens, and what to expect.",
    "Write the organisation's name here",
    "Say what it costs, if anything, and any help with costs.",
    "Who can use it, in plain words.",
    "What a family should do to get it.",
    "The team or person to contact",
    "Write your name or your group's name",
    "Start with the answer in one or two short sentences.",
    "Use short sentences. Explain any jargon the first time",
)


def new_file(project: Path, kind: str, name: str, today: datetime.date | None = None) -> Path:
    """Write a new service or guide; refuse to overwrite. Returns the path written."""
    today = today or datetime.date.today()
    slug = suggest_slug(name)
    template = {"service": SERVICE, "guide": GUIDE}[kind]
    path = project / "content" / KINDS[kind].folder / f"{slug}{KINDS[kind].extension}"
    if path.exists():
        raise FileExistsError(path)
    # A JSON string is also a valid YAML string, whatever punctuation the name has.
    text = template.format(name=json.dumps(name, ensure_ascii=False), today=today.isoformat(), id=uuid.uuid4())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
