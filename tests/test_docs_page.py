"""`/docs` renders with no network: `memsvc serve` serves Swagger UI's assets itself, and a
headless Chromium that may reach loopback only shows every operation."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Page

from tests.browser import PageProblems, browser, offline_page, screenshot
from tests.live import live_server

__all__ = ["browser", "offline_page"]  # the fixtures, imported for pytest to find
OPERATION = ".opblock"


def test_docs_render_offline_with_every_operation(
    tmp_path: Path, offline_page: tuple[Page, PageProblems]
) -> None:
    page, problems = offline_page
    with live_server(tmp_path, until="/healthz") as server:  # docs need no loaded models
        spec = httpx.get(f"{server.base}/openapi.json", timeout=10).json()
        operations = sum(len(ops) for ops in spec["paths"].values())
        page.goto(f"{server.base}/docs", wait_until="networkidle")
        page.wait_for_selector(OPERATION, timeout=30_000)
        shown = page.locator(OPERATION).count()
        title = page.locator(".info .title").inner_text()
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        screenshot(page, "docs")
    problems.assert_none()
    assert "memsvc" in title
    assert shown == operations
    assert any(p.startswith("/v1/search") for p in paths)
