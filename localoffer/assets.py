"""Copy CSS, JavaScript and images into the site with a content hash in each name.

A hashed name changes whenever the file changes, so browsers may cache assets for a year.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .routes import url_for


def fingerprint_assets(source: Path, staging) -> dict[str, str]:
    """Copy every file in assets/ to site/assets/ as name.<hash>.ext; return {name: site path}."""
    names = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if relative.parts[0] == "unhashed":  # files that must keep their name, e.g. the service worker
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = url_for("asset", relative.with_name(f"{relative.stem}.{digest}{relative.suffix}").as_posix())
        staging.write(hashed, data)
        names[relative.as_posix()] = hashed
    return names
