"""Browser fixtures: the demo served on a free port, and Debian's Chromium through Playwright.

The server runs in a subprocess on a temporary SQLite file loaded by
``flask --app wsgi demo``, once per test session. Every test gets fresh
browser contexts (fresh cookies). Tests that change data each take a
different demo partnership, so they do not depend on their order.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_support import Demo, NewContext, poison
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVE = (
    "import sys\n"
    "from werkzeug.serving import make_server\n"
    "from wsgi import app\n"
    "make_server('127.0.0.1', int(sys.argv[1]), app, threaded=True).serve_forever()\n"
)
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the app server did not answer {url} within {START_TIMEOUT}s:\n{log.read_text()}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Withdrawing ends a demo partnership (Kharkiv – Liverpool) for the rest
    of the session: those tests run last, whatever folder they are in."""
    items.sort(key=lambda item: item.path.name == "test_browser_withdraw.py")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {path} does not exist")
        pytest.skip(f"Chromium is not installed at {path}")
    return path


@contextmanager
def _served_demo(folder: Path, prepare: Callable[[Path], None] | None = None) -> Iterator[Demo]:
    """The demo loaded into ``folder``, changed by ``prepare``, served at a free port."""
    database = folder / "demo.sqlite3"
    log = folder / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "browser-tests",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("FLASK_DEBUG", None)
    loaded = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if loaded.returncode != 0:
        pytest.fail(f"flask demo failed:\n{loaded.stdout}\n{loaded.stderr}")
    if prepare is not None:
        prepare(database)
    port = _free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(f"{base_url}/login", process, log)
        yield Demo(base_url, database)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo data on a temporary SQLite file, served on 127.0.0.1 at a free port."""
    with _served_demo(tmp_path_factory.mktemp("browser")) as served:
        yield served


@pytest.fixture(scope="session")
def poisoned_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo with an XSS payload in every text a user typed (``browser_support.poison``)."""
    with _served_demo(tmp_path_factory.mktemp("poisoned"), poison) as served:
        yield served


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, demo: Demo) -> Iterator[NewContext]:
    """Fresh browser contexts (fresh cookies), closed after the test.

    By default a context carries the ``lang=en`` cookie, so the interface is
    in English whatever language a demo user chose (the Luhansk librarian's
    is Ukrainian); ``english=False`` leaves the language to the app.
    """
    contexts: list[BrowserContext] = []

    def make(*, english: bool = True, **options: object) -> BrowserContext:
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=demo.base_url, **options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        if english:
            context.add_cookies([{"name": "lang", "value": "en", "url": demo.base_url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()
