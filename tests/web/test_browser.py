"""In a real browser (Debian's chromium through Playwright; no browser is downloaded): a village secretary logs in
on a phone, submits a rectification with a photo; the coordinator verifies it; the light and the counts change;
the red/black board shows. Marked `browser`; they run in `make test`. Without chromium they fail when CI is set
(never skipped silently there) and are skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.web.conftest import ACCOUNTS, PASSWORD, SHANGHAI, jpeg, make_app

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("DUDAO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = os.environ.get("DUDAO_SCREENSHOTS")  # a folder: `make screenshots` keeps the main pages there


def _need_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = (f"the browser tests need Debian's chromium at {CHROMIUM}: `apt-get install -y chromium` "
               "(.ci/run does it when it runs as root)")
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def board(ledger):
    """The board served by uvicorn in a thread, with the October red/black list published."""
    import uvicorn

    from domain.calendar import parse_period
    from domain.ranking import publish_period

    with ledger.work(at=datetime(2022, 11, 1, 9, 0, tzinfo=SHANGHAI)) as uow:
        publish_period(uow, parse_period("2022-10"), outputs_dir=ledger.home / "outputs")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(ledger), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _log_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def _count(page, key: str) -> int:
    return int(page.locator(f"[data-count={key}] b").inner_text())


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_village_submits_with_a_photo_and_the_coordinator_verifies(board, browser, ledger, tmp_path):
    issue = ledger.open("v1", title="村务公开栏未及时更新")
    photo = tmp_path / "公开栏.jpg"
    photo.write_bytes(jpeg((30, 120, 200)))

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                locale="zh-CN")
    village = phone.new_page()
    _log_in(village, board, "v1")
    assert ACCOUNTS["v1"][2] in village.content()
    before = {k: _count(village, k) for k in ("rectifying", "awaiting_verification", "closed")}
    village.goto(f"{board}/issues/{issue}")
    assert village.locator("[data-status]").inner_text() == "整改中"
    village.fill("textarea[name=note]", "已更新公开栏内容并拍照")
    village.set_input_files("input[name=files]", str(photo))
    _shot(village, "issue-submit-phone")
    village.click("#submit button[type=submit]")
    village.wait_for_url(f"{board}/issues/{issue}")
    assert "已提交整改" in village.content()
    assert village.locator("[data-status]").inner_text() == "待验收"
    assert village.locator(".files img").count() == 1  # the thumbnail, served to the village itself
    assert village.locator("#verify").count() == 0  # a village does not verify its own rectification
    village.goto(f"{board}/dashboard")
    assert _count(village, "awaiting_verification") == before["awaiting_verification"] + 1
    assert _count(village, "rectifying") == before["rectifying"] - 1

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    office = desk.new_page()
    _log_in(office, board, "coord")
    _shot(office, "dashboard")
    office.click(f"a[href='/issues/{issue}']")
    office.wait_for_url(f"{board}/issues/{issue}")
    assert "公开栏.jpg" in office.content()
    _shot(office, "issue")
    office.fill("#verify textarea[name=note]", "现场核实，已整改到位")
    office.click("#verify button[value=pass]")
    office.wait_for_url(f"{board}/issues/{issue}")
    assert "验收通过" in office.content()
    assert office.locator("[data-status]").inner_text() == "已销号"
    assert office.locator(".light.closed").count() == 1  # the light: closed, no longer green/yellow/red
    office.goto(f"{board}/issues")
    _shot(office, "issues")

    village.goto(f"{board}/dashboard")
    assert _count(village, "closed") == before["closed"] + 1
    assert _count(village, "awaiting_verification") == before["awaiting_verification"]
    _shot(village, "dashboard-phone")

    office.goto(f"{board}/ranking")
    assert office.locator("section.board").count() >= 1
    assert "红榜" in office.content() and "黑榜" in office.content() and "2022-10" in office.content()
    _shot(office, "ranking")
    for path, name in (("/rounds", "rounds"), ("/calendar", "calendar"), ("/campaign", "campaign")):
        office.goto(f"{board}{path}")
        assert office.locator("h1").count() == 1
        _shot(office, name)
    office.goto(f"{board}/rounds")
    key = office.locator("table.list a").first.inner_text()
    office.goto(f"{board}/rounds/{key}")
    _shot(office, "round")
    phone.close()
    desk.close()


def test_the_log_in_page_on_a_phone(board, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = phone.new_page()
    page.goto(f"{board}/login")
    _shot(page, "login-phone")
    page.fill("input[name=login]", "v1")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "账号或密码不正确" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    phone.close()
