"""Full-build time and peak memory at 1,000, 10,000 and 20,000 synthetic services (a tenth as many guides).

    python bench/build_speed.py [--sizes 1000 10000 20000]

Each build runs in its own process so peak memory (ours and Pagefind's) is measured cleanly.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_project  # noqa: E402

MEASURE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer.pipeline import build_site
started = time.perf_counter()
result = build_site(Path(sys.argv[2]), Path(sys.argv[2]) / "site")
print(json.dumps({"seconds": time.perf_counter() - started, "pages": result.pages,
                  "python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(services: int, workdir: Path) -> dict:
    project = make_project(workdir / f"project-{services}", services, max(20, services // 10))
    output = subprocess.run([sys.executable, "-c", MEASURE, str(Path(__file__).resolve().parent.parent), str(project)],
                            capture_output=True, text=True, check=True)
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    figures["site_mb"] = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file()) / 1e6
    return {"services": services, **figures}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    args = parser.parse_args()
    print(f"{'services':>9} {'pages':>7} {'seconds':>8} {'ms/page':>8} {'pages/s':>8} {'python MB':>10} "
          f"{'pagefind MB':>12} {'site MB':>8}")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            r = measure(size, Path(workdir))
            print(f"{r['services']:>9} {r['pages']:>7} {r['seconds']:>8.1f} {1000 * r['seconds'] / r['pages']:>8.2f} "
                  f"{r['pages'] / r['seconds']:>8.0f} {r['python_mb']:>10.0f} {r['pagefind_mb']:>12.0f} "
                  f"{r['site_mb']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
