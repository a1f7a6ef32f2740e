"""`python build.py check-links --external`: is every link to another website still alive?

Links inside the site are checked on every build (check.py). Links out are checked on request, as
other sites are slow, change without warning, and are not there at all when building offline. The
check runs many hosts at once but is polite to each (one request at a time per host, spaced out),
gives up on a slow site after a time-out, tries again after a failure that may pass, and keeps
recent answers in a cache so a second run the same day asks nobody twice.
"""
from __future__ import annotations

import html
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import markdown
from .output import replace_file
from .problems import Problem

USER_AGENT = "NottinghamLocalOfferLinkCheck/1.0 (+https://github.com/example-org/localoffer)"
CACHE_FILE = ".cache/links.json"
# Answers that will not change by asking again today are cached; failures that may pass are not.
LASTING = ("ok", "redirect", "dead")


@dataclass(frozen=True)
class LinkResult:
    url: str
    state: str          # ok, redirect, dead (the site answered 4xx/5xx), failed (no answer)
    status: int = 0     # the HTTP status, 0 if none
    location: str = ""  # where a redirect leads
    detail: str = ""    # why it failed, in words
    checked: float = 0.0  # when, as a Unix time


@dataclass(frozen=True)
class Settings:
    timeout: float = 10.0        # seconds to wait for one answer
    retries: int = 2             # further tries after a failure that may pass (time-out, 5xx, 429)
    per_host_interval: float = 1.0  # seconds between two requests to one host (one at a time per host)
    workers: int = 8
    max_age: float = 24 * 3600   # seconds a cached answer stays good
    backoff: float = 1.0         # seconds before a retry, doubled each time


# Finding the links --------------------------------------------------------------------------------

def external_links(content) -> dict[str, list[str]]:
    """Every http(s) address in the content, with the files that use it."""
    places: dict[str, list[str]] = {}

    def add(url: str, path: str) -> None:
        url = html.unescape(url).strip()
        if url.lower().startswith(("http://", "https://")) and path not in places.setdefault(url, []):
            places[url].append(path)

    for kind, documents in content.documents.items():
        for document in documents:
            for href in markdown.links_in(document.html)[0]:
                add(href, document.path)
            for contact in document.data.get("contacts") or []:
                if isinstance(contact, dict) and isinstance(contact.get("website"), str):
                    add(contact["website"], document.path)
            for source in document.data.get("sources") or []:
                if isinstance(source, dict) and isinstance(source.get("url"), str):
                    add(source["url"], document.path)
    return places


# Asking the sites ---------------------------------------------------------------------------------

class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect instead of following it: the content should name the new address."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def ask(url: str, timeout: float, method: str = "HEAD") -> LinkResult:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return LinkResult(url, "ok", response.status)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            return LinkResult(url, "redirect", error.code, error.headers.get("Location", ""))
        if method == "HEAD" and error.code in (403, 405, 501):  # some sites refuse HEAD: ask for the page
            return ask(url, timeout, "GET")
        return LinkResult(url, "dead", error.code, detail=f"the site answered {error.code} {error.reason}")
    except (TimeoutError, OSError) as error:  # URLError is an OSError; time-outs may come wrapped in it
        reason = getattr(error, "reason", error)
        timed_out = isinstance(reason, TimeoutError) or "timed out" in str(reason)
        return LinkResult(url, "failed", detail="no answer within the time limit" if timed_out
                          else f"could not connect ({reason})")


def may_pass(result: LinkResult) -> bool:
    return result.state == "failed" or (result.state == "dead" and (result.status >= 500 or result.status == 429))


def check_one(url: str, settings: Settings, last_request: list[float]) -> LinkResult:
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(settings.backoff * 2 ** (attempt - 1))
        pause = last_request[0] + settings.per_host_interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        result = ask(url, settings.timeout)
        last_request[0] = time.monotonic()
        if not may_pass(result):
            break
    return LinkResult(**{**asdict(result), "checked": time.time()})


def check_host(urls: list[str], settings: Settings) -> dict[str, LinkResult]:
    """One host's links in turn, spaced out: many hosts run at once, but each sees one visitor."""
    last_request = [float("-inf")]
    return {url: check_one(url, settings, last_request) for url in urls}


def check_links(urls, cache_path: Path | None, settings: Settings = Settings()) -> list[LinkResult]:
    """Check each address, concurrently across hosts, reusing cached answers younger than max_age."""
    cache = read_cache(cache_path)
    now = time.time()
    fresh = {url: result for url in urls
             if (result := cached(cache.get(url))) and now - result.checked < settings.max_age}
    by_host: dict[str, list[str]] = {}
    for url in urls:
        if url not in fresh:
            by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    checked: dict[str, LinkResult] = {}
    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        for results in pool.map(lambda host_urls: check_host(host_urls, settings), by_host.values()):
            checked.update(results)
    if cache_path:
        cache.update({url: asdict(result) for url, result in checked.items() if result.state in LASTING})
        write_cache(cache_path, cache, now - settings.max_age)
    return [fresh.get(url) or checked[url] for url in urls]


def cached(row) -> LinkResult | None:
    try:
        return LinkResult(**row) if isinstance(row, dict) else None
    except TypeError:  # written by another version: ask again
        return None


def read_cache(path: Path | None) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}  # no cache yet, or a damaged one: check everything again
    return data if isinstance(data, dict) else {}


def write_cache(path: Path, cache: dict, oldest: float) -> None:
    kept = {url: row for url, row in cache.items() if isinstance(row, dict) and row.get("checked", 0) >= oldest}
    replace_file(path, json.dumps(kept, indent=1, sort_keys=True) + "\n")


# Reporting ----------------------------------------------------------------------------------------

def link_problems(results: list[LinkResult], places: dict[str, list[str]], project: Path) -> list[Problem]:
    """Dead links are problems on each file that uses them; redirects and failures are warnings."""
    problems = []
    for result in results:
        if result.state == "ok":
            continue
        for path in places.get(result.url, []):
            line = line_of(project / path, result.url)
            if result.state == "dead":
                problems.append(Problem(path, line, f"the link {result.url} is dead: {result.detail}",
                                        "find the page's new address on that website, or remove the link",
                                        code="dead-link"))
            elif result.state == "redirect":
                problems.append(Problem(path, line, f"the link {result.url} now leads to {result.location}",
                                        "check the new page is the right one and use its address", warning=True,
                                        code="redirected-link"))
            else:
                problems.append(Problem(path, line, f"the link {result.url} could not be checked: {result.detail}",
                                        "try again later; if it keeps failing, check the site by hand",
                                        warning=True, code="unreachable-link"))
    return sorted(problems)


def line_of(path: Path, url: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if url in line:
                return number
    except OSError:
        pass
    return 0
