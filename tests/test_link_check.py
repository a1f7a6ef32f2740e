"""The finished site's link check (check.py): what it reports, and that neither working out each
distinct address once (same_target) nor setting aside the links known to lead to a file (KnownLinks)
ever changes a verdict."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from localoffer.check import KnownLinks, broken_links, resolve, same_target

FILES = {"index.html", "services/index.html", "services/a/index.html", "needs/autism/index.html",
         "assets/site.css", "ur/needs/autism/index.html",
         "assets/a%41.css", "assets/two words.css"}  # names a link would write otherwise: never known
FOLDERS = {"", "services", "services/a", "needs", "needs/autism", "assets", "ur", "ur/needs", "ur/needs/autism"}


def test_each_kind_of_broken_link_is_reported_with_its_page(tmp_path):
    pages = {
        "index.html": '<a href="services/index.html">ok</a> <a href="nowhere.html">x</a> <p id="top">',
        "services/a/index.html": ('<a href="../../needs/autism/index.html">ok</a>'
                                  ' <a href="../../needs/autism/index.html#missing">x</a>'
                                  ' <a href="../../../outside.html">x</a> <a href="../../needs/autism/">x</a>'
                                  ' <a href="../../index.html#top">ok</a> <a href="#here">x</a>'
                                  ' <a href="/services/index.html">x</a> <a href="https://www.gov.uk/">ok</a>'),
        "services/index.html": "", "needs/autism/index.html": "",
        # attributes after any HTML whitespace, and in single quotes, are links and ids too
        "needs/index.html": ('<a\nhref="autism/index.html#line">x</a> <img\tsrc=\'gone.png\' alt="">'
                             ' <a\r\nhref="../index.html#top">ok</a> <p\fid="line">'),
    }
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    assert sorted(broken_links(tmp_path)) == [
        "index.html: nowhere.html (no such file)",
        "needs/index.html: autism/index.html#line (no element with id 'line')",
        "needs/index.html: gone.png (no such file)",
        "services/a/index.html: #here (no element with id 'here')",
        "services/a/index.html: ../../../outside.html (leads outside the site)",
        "services/a/index.html: ../../needs/autism/ (links to a folder; link to its index.html so the site works from disk)",
        "services/a/index.html: ../../needs/autism/index.html#missing (no element with id 'missing')",
        "services/a/index.html: /services/index.html (links must be relative)",
    ]


PIECE = st.sampled_from(["..", ".", "services", "a", "needs", "autism", "ur", "index.html", "site.css", "",
                         "http:", "%2e%2e", "x?q=1", "index.html#top", "#top", "mailto:x", "assets",
                         "a%41.css", "two words.css"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(folder=st.sampled_from(sorted(FOLDERS)), pieces=st.lists(st.one_of(st.just(".."), PIECE), max_size=5))
@example(folder="services/a", pieces=["..", "http:"])  # a scheme only once the steps are off
@example(folder="services/a", pieces=["..", "..", ""])  # the root folder itself
@example(folder="services", pieces=["..", "#top"])
def test_taking_the_leading_steps_off_the_folder_gives_the_same_verdict(folder, pieces):
    reference = "/".join(pieces)
    assert resolve(*same_target(folder, reference), FILES, FOLDERS) == resolve(folder, reference, FILES, FOLDERS)


KNOWN = KnownLinks(FILES)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(folder=st.sampled_from(sorted(FOLDERS)), pieces=st.lists(st.one_of(st.just(".."), PIECE), max_size=5))
@example(folder="services/a", pieces=["..", "..", "needs", "autism", "index.html"])
@example(folder="services/a", pieces=["..", "..", "assets", "a%41.css"])
def test_a_link_known_to_lead_to_a_file_leads_there(folder, pieces):
    reference = "/".join(pieces)
    depth = folder.count("/") + 1 if folder else 0
    if f'href="{reference}"'.encode() in KNOWN.at_depth(depth):
        target = reference.removeprefix("../" * depth)
        assert resolve(folder, reference, FILES, FOLDERS) == (target, "", "")


def test_most_links_are_known_and_odd_names_are_not():
    known = KNOWN.at_depth(2)
    assert b'href="../../needs/autism/index.html"' in known and b'href="../../assets/site.css"' in known
    assert b'href="../needs/autism/index.html"' not in known  # one step short: worked out, not known
    assert not any(b"%41" in link or b"two words" in link for link in known)


def test_a_page_of_known_links_still_reports_its_missing_ids_and_files(tmp_path):
    pages = {"services/a/index.html": ('<a href="../../needs/autism/index.html">ok</a> <a href="#top">x</a>'
                                       ' <a href="../../needs/autism/index.html#top">x</a> <p id="here">'
                                       ' <a href="../../assets/a%41.css">x</a> <a href="#here">ok</a>'),
             "needs/autism/index.html": "", "assets/a%41.css": ""}
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html, encoding="utf-8")
    assert sorted(broken_links(tmp_path)) == [
        "services/a/index.html: #top (no element with id 'top')",
        "services/a/index.html: ../../assets/a%41.css (no such file)",  # the file is a%41.css, the link says aA.css
        "services/a/index.html: ../../needs/autism/index.html#top (no element with id 'top')",
    ]
