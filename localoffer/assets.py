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
        names[relative.as_posix()] = publish_asset(staging, relative.as_posix(), path.read_bytes())
    return names


def publish_asset(staging, name: str, data: bytes | str) -> str:
    """Write one asset as name.<hash>.ext (also for assets the build makes); return its site path."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    stem, dot, extension = name.rpartition(".")
    hashed = url_for("asset", f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{extension}")
    staging.write(hashed, data)
    return hashed
