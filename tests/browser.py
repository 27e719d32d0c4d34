"""A real headless Chromium (Debian's `chromium`, driven by playwright) for page tests.

Every page is opened with the network cut off beyond loopback: a request anywhere else is
aborted and fails the test, so a page that needs a CDN shows it here. Console errors fail it
too. Screenshots go to the test artefacts folder (MEMSVC_TEST_ARTEFACTS, default
`test-artefacts/` in the checkout).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import require_service

CHROMIUM_NAMES = ("chromium", "chromium-browser")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
ARTEFACTS = Path(
    os.environ.get(
        "MEMSVC_TEST_ARTEFACTS", Path(__file__).resolve().parent.parent / "test-artefacts"
    )
)

try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright
except ImportError:  # the dev extra installs it; without it page tests skip (fail in CI)
    sync_playwright = None


def chromium_path() -> str | None:
    """Debian's chromium binary, if installed."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageProblems:
    """What went wrong on a page: console errors, uncaught exceptions, off-host requests."""

    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert not self.blocked, f"the page asked for the network beyond loopback: {self.blocked}"
        assert not self.errors, f"the page logged errors: {self.errors}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (skipped with the reason where absent).

    Module scope, not session: playwright's sync API holds an asyncio loop running on the
    main thread while it is open, and every later `asyncio.run` in the suite would fail."""
    binary = chromium_path()
    if sync_playwright is None or binary is None:
        require_service("chromium", "install Debian's `chromium` and the dev extra's playwright")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, PageProblems]]:
    """A fresh page that may reach loopback only, and the problems it records."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = PageProblems()

    def only_loopback(route: Route, request: Request) -> None:
        if urlparse(request.url).hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            problems.blocked.append(request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.errors.append(message.text)

    page.route("**/*", only_loopback)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    yield page, problems
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact; returns its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
