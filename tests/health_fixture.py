"""Small content made to show every kind of finding the content health report makes.

On TODAY it has: one service past its review date, one guide due in 20 days, one service without a
cost, a checklist item nothing covers, a pair of services that share a phone number, and a service
whose phone number has no source (no service has sources yet).
"""
from __future__ import annotations

import datetime
from pathlib import Path

from minimal import make_minimal_project
from support import write

TODAY = datetime.date(2026, 11, 23)

SERVICE = """\
name: {name}
summary: A service that helps families in Nottingham with things they need.
organisation: {organisation}
categories: [advice-and-support]
needs: [all]
minimum_age: 0
maximum_age: {maximum_age}
{cost}access:
  routes: [self-referral]
  eligibility: Families in Nottingham.
  how_to_ask: Phone the team.
contacts:
  - name: The team
    {contact}
opening_times: Monday to Friday, 9am to 5pm.
languages: [English]
areas: [outside-nottingham]
last_reviewed: {reviewed}
reviewed_by: {reviewer}
{sources}"""

SOURCED = """sources:
  - url: https://example.org/where-we-read-it
    seen: 2026-11-01
    supports: [phone, email, website]
"""

FREE = "cost:\n  free: true\n"

UNSOURCED = "holiday-club"  # the one service whose phone number has no source

# slug: (name, organisation, contact line, cost, last reviewed, reviewer)
SERVICES = {
    "nottingham-sendiass": ("SENDIASS", "SENDIASS Nottingham", "email: sendiass@example.org", FREE,
                            "2026-01-10", "Local Offer team"),
    "rainbow-parent-carer-forum": ("The Forum", "Rainbow Parent Carer Forum", "website: https://example.org/forum",
                                   FREE, "2026-01-10", "Forum volunteers"),
    # past its review date: reviewed 2025-06-01, due 2026-06-01
    "other-service": ("Stale service", "Nottingham City Council", "website: https://example.org/stale", FREE,
                      "2025-06-01", "Local Offer team"),
    # no cost
    "no-cost-service": ("Costless service", "Nottingham City Council", "website: https://example.org/costless", "",
                        "2026-01-10", "Local Offer team"),
    # a duplicate pair: one phone number, two entries
    "holiday-club": ("Holiday club", "Play Nottingham", "phone: 0115 496 0500", FREE, "2026-01-10", "Play team"),
    "summer-holiday-club": ("Summer playscheme", "Play Nottingham", "phone: 0115 496 0500", FREE, "2026-01-10",
                            "Play team"),
}

CHECKLIST = """\
items:
  - id: covered-item
    title: Advice and support for families
    reference: Test reference 1
    covered_by:
      guides: [first-guide]
  - id: travel-item
    title: Travel to school and college
    reference: Test reference 2
    covered_by:
      categories: [transport]
"""


def make_health_project(root: Path, maximum_age: int = 25) -> Path:
    project = make_minimal_project(root)
    services = project / "content/services"
    for path in services.glob("*.yaml"):
        path.unlink()
    for slug, (name, organisation, contact, cost, reviewed, reviewer) in SERVICES.items():
        sources = "" if slug == UNSOURCED else SOURCED
        write(services / f"{slug}.yaml", SERVICE.format(name=name, organisation=organisation, contact=contact,
                                                        cost=cost, reviewed=reviewed, reviewer=reviewer,
                                                        maximum_age=maximum_age, sources=sources))
    # due in 20 days: reviewed 2025-12-13, due 2026-12-13
    guide = project / "content/guides/first-guide.md"
    guide.write_text(guide.read_text().replace("last_reviewed: 2026-01-10", "last_reviewed: 2025-12-13"))
    write(project / "content/checklist.yaml", CHECKLIST)
    return project
