"""Copy CSS, JavaScript and images into the site with a content hash in each name.

A hashed name changes whenever the file changes, so browsers may cache assets for a year.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path


def fingerprint_assets(source: Path, site: Path) -> dict[str, str]:
    """Copy every file in assets/ to site/assets/ as name.<hash>.ext; return {name: site path}."""
    names = {}
    target = site / "assets"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if relative.parts[0] == "unhashed":  # files that must keep their name, e.g. the service worker
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        hashed = relative.with_name(f"{relative.stem}.{digest}{relative.suffix}")
        (target / hashed).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / hashed)
        names[relative.as_posix()] = f"assets/{hashed.as_posix()}"
    return names
