"""Stage 5 (continued): everything that lets the site work with little or no internet.

- manifest.webmanifest and icons, so the site can be added to a phone's home screen;
- offline-manifest.json, listing every file "Save for offline" downloads, with the total size;
- sw.js, the service worker, whose cache name changes whenever any built file changes;
- downloads/local-offer-offline.zip, the whole site to open from disk (offline_zip.py), its size shown
  on the pages that link to it (those pages are rendered once the zip exists: see pipeline.py).
"""
from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

from .routes import language_of, url_for

ZIP_PATH = url_for("offline-zip")
# Every cache this site makes starts with this; the service worker and offline.js are told it.
CACHE_PREFIX = "localoffer-"
# Not saved for offline, nor in the zip: the service worker and its list, the zip itself.
# The health report's data is for tools, not for a parent's phone (megabytes at a region's scale).
NOT_SAVED = {url_for("service-worker"), url_for("offline-manifest"), ZIP_PATH, url_for("content-health-json")}
# Files for other directories and printing (the Open Referral UK data, the booklets): never saved
NOT_SAVED_FOLDERS = (url_for("openreferral").split("/")[0] + "/", ZIP_PATH.split("/")[0] + "/")
# Pagefind cannot load from disk (a copy opened from the zip uses the fallback index), so the zip
# leaves it out: smaller, and the zip's size can then be shown in the search index.
NOT_IN_ZIP = ("pagefind/",)


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def write_offline_files(staging, assets: dict[str, str], service_worker: Path, digests: dict[str, bytes]) -> dict:
    """The list of files "Save for offline" downloads, and the service worker, whose cache name is a
    hash of them. Runs last, once every other file is written; `digests` (file_digests) are those of
    the files written before Pagefind's."""
    files = saved_files(staging)
    version = content_version(staging, files, digests)
    total = sum(staging.sizes[f] for f in files)
    # Each language's sub-site (ur/, pl/...) is saved only by readers of that language: the page
    # leaves out the other languages' folders, and shows the size of what it saves.
    in_language: dict[str, int] = {}
    for name in files:
        if language := language_of(name):
            in_language[language] = in_language.get(language, 0) + staging.sizes[name]
    staging.write(url_for("offline-manifest"), json.dumps(
        {"cache": f"{CACHE_PREFIX}{version}", "bytes": total - sum(in_language.values()), "files": files,
         "language_bytes": in_language}, separators=(",", ":")))
    core = [url_for("home"), url_for("offline"), url_for("web-manifest"), *assets.values()]
    text = service_worker.read_text(encoding="utf-8")
    text = text.replace("@@VERSION@@", version).replace("@@CACHE_PREFIX@@", CACHE_PREFIX)
    text = text.replace('"@@CORE@@"', ", ".join(json.dumps(c) for c in core))
    staging.write(url_for("service-worker"), text)
    return {"saved_bytes": total, "saved_files": len(files), "version": version}


def saved_files(staging) -> list[str]:
    return [f for f in staging.files() if f not in NOT_SAVED and not f.startswith(NOT_SAVED_FOLDERS)]


def file_digests(staging) -> dict[str, bytes]:
    """Each file saved for offline written so far, by name: its sha256, for content_version. The build
    works them out while Pagefind indexes (pipeline.py), so only Pagefind's files are left for the end.
    A file is written once, so its digest never goes stale."""
    return {name: hashlib.sha256(staging.read(name)).digest() for name in saved_files(staging)}


def content_version(staging, files: list[str], digests: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        digest.update(digests.get(name) or hashlib.sha256(staging.read(name)).digest())
    return digest.hexdigest()[:12]


def write_web_manifest(staging, settings: dict, assets: dict[str, str]) -> None:
    manifest = {
        "name": settings["name"], "short_name": settings.get("short_name", "Local Offer"),
        "description": settings.get("description", ""), "lang": settings.get("language", "en-GB"),
        "start_url": "./index.html", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1d4f91",
        "icons": [{"src": assets["icon.svg"], "sizes": "any", "type": "image/svg+xml"},
                  {"src": url_for("icon", "icon-192.png"), "sizes": "192x192", "type": "image/png"},
                  {"src": url_for("icon", "icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"}],
    }
    staging.write(url_for("web-manifest"), json.dumps(manifest, indent=1))


def write_icons(staging) -> None:
    for size in (192, 512):
        staging.write(url_for("icon", f"icon-{size}.png"), icon_png(size))


def icon_png(size: int) -> bytes:
    """The site's blue square with a white ring, drawn here so no image tool is needed."""
    blue, white = bytes((0x1d, 0x4f, 0x91)), bytes((255, 255, 255))
    centre, outer, inner = size / 2, size * 0.34, size * 0.22
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")
        for x in range(size):
            distance = ((x + 0.5 - centre) ** 2 + (y + 0.5 - centre) ** 2) ** 0.5
            row += white if inner <= distance <= outer else blue
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
