"""Stage 5 (continued): everything that lets the site work with little or no internet.

- manifest.webmanifest and icons, so the site can be added to a phone's home screen;
- offline-manifest.json, listing every file "Save for offline" downloads, with the total size;
- sw.js, the service worker, whose cache name changes whenever any built file changes;
- downloads/local-offer-offline.zip, the whole site to open from disk, its size shown on the pages
  that link to it.
"""
from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from pathlib import Path

ZIP_PATH = "downloads/local-offer-offline.zip"
ZIP_SIZE_TOKEN = "@@OFFLINE_ZIP_SIZE@@"  # written by templates, replaced once the zip exists
NOT_SAVED = {"sw.js", "offline-manifest.json", ZIP_PATH}


def write_offline_files(site: Path, model, assets: dict[str, str], service_worker: Path) -> dict:
    write_icons(site)
    write_web_manifest(site, model.site, assets)
    size = write_zip(site)
    fill_zip_size(site, size)
    files = saved_files(site)
    version = content_version(site, files)
    total = sum((site / f).stat().st_size for f in files)
    (site / "offline-manifest.json").write_text(json.dumps(
        {"cache": f"localoffer-{version}", "bytes": total, "files": files}, separators=(",", ":")), encoding="utf-8")
    core = ["index.html", "offline/index.html", "manifest.webmanifest", *assets.values()]
    text = service_worker.read_text(encoding="utf-8")
    text = text.replace("@@VERSION@@", version).replace('"@@CORE@@"', ", ".join(json.dumps(c) for c in core))
    (site / "sw.js").write_text(text, encoding="utf-8")
    return {"zip_bytes": size, "saved_bytes": total, "saved_files": len(files), "version": version}


def saved_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and p.relative_to(site).as_posix() not in NOT_SAVED)


def content_version(site: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        digest.update(hashlib.sha256((site / name).read_bytes()).digest())
    return digest.hexdigest()[:12]


def write_zip(site: Path) -> int:
    """The whole site as one file, for families with no internet at home. Inside the copy, the
    download link says where the reader already is instead of showing a size."""
    target = site / ZIP_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in saved_files(site):
            data = (site / name).read_bytes()
            if name.endswith(".html") and ZIP_SIZE_TOKEN.encode() in data:
                data = data.replace(ZIP_SIZE_TOKEN.encode(), "you are using this copy now".encode())
            # A fixed date keeps the file identical when nothing changed.
            info = zipfile.ZipInfo(f"local-offer/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target.stat().st_size


def fill_zip_size(site: Path, size: int) -> None:
    words = f"{size / 1_000_000:.1f} MB"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if ZIP_SIZE_TOKEN in text:
            page.write_text(text.replace(ZIP_SIZE_TOKEN, words), encoding="utf-8")


def write_web_manifest(site: Path, settings: dict, assets: dict[str, str]) -> None:
    manifest = {
        "name": settings["name"], "short_name": settings.get("short_name", "Local Offer"),
        "description": settings.get("description", ""), "lang": settings.get("language", "en-GB"),
        "start_url": "./index.html", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1d4f91",
        "icons": [{"src": assets["icon.svg"], "sizes": "any", "type": "image/svg+xml"},
                  {"src": "icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                  {"src": "icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any maskable"}],
    }
    (site / "manifest.webmanifest").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def write_icons(site: Path) -> None:
    (site / "icons").mkdir(exist_ok=True)
    for size in (192, 512):
        (site / "icons" / f"icon-{size}.png").write_bytes(icon_png(size))


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
