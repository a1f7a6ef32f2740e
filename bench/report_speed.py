"""What the content health report adds to a build: computing it, its JSON and rendering its page.

    python bench/report_speed.py [--services 10000]

Load, validation and the site model are made first and not counted (the build makes them anyway).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import make_project  # noqa: E402

from localoffer.assets import fingerprint_assets  # noqa: E402
from localoffer.output import Staging  # noqa: E402
from localoffer.pipeline import check_content  # noqa: E402
from localoffer.render import make_environment, write_pages  # noqa: E402
from localoffer.report_page import publish  # noqa: E402
from localoffer.sitemodel import build_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        project = make_project(Path(workdir) / "project", args.services, max(20, args.services // 20))
        content, _ = check_content(project)
        model = build_model(content)
        staging = Staging(Path(workdir) / "site")
        environment = make_environment(project / "templates", model, fingerprint_assets(project / "assets", staging))
        started = time.perf_counter()
        pages = publish(content, model, staging)
        computed = time.perf_counter()
        write_pages(environment, pages, staging)
        finished = time.perf_counter()
        json_kb = sum(size for path, size in staging.sizes.items() if path.endswith(".json")) / 1e3
        print(f"{args.services} services: report and JSON {computed - started:.2f} s, page {finished - computed:.2f} s, "
              f"total {finished - started:.2f} s; JSON {json_kb:.0f} KB, page {pages[0].size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
