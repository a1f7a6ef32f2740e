"""Fixtures for real-browser tests: the built site served on 127.0.0.1 and Debian's Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from localoffer.browser import launch_chromium, serve_folder


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server(site):
    """The address of the built site, served over http on a free port of 127.0.0.1."""
    with serve_folder(site) as address:
        yield address


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    chromium = launch_chromium(playwright_instance)
    yield chromium
    chromium.close()


@pytest.fixture
def search_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def model(built):
    return built[0].model


@pytest.fixture(scope="session")
def base_path_server(site, tmp_path_factory, built):
    """The site served under its published path (e.g. /local-offer/), as the 404 page expects."""
    from urllib.parse import urlsplit
    path = urlsplit(built[0].model.site["base_url"]).path.strip("/")
    root = tmp_path_factory.mktemp("published")
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).symlink_to(site, target_is_directory=True)
    with serve_folder(root) as address:
        yield f"{address}{path}/"
