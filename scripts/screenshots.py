"""Log in as each demo user and save screenshots of the main pages (headless Chromium).

Run against a server started by `make run`:
    .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR] [LANGUAGE]
LANGUAGE is zh (the default) or en: with en each user switches the interface to
English first, as the language buttons in the top bar do (to check the English UI).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screenshots")
LANGUAGE = sys.argv[3] if len(sys.argv) > 3 else "zh"
PASSWORD = "jizhou-demo-2021"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PAGES = {
    "coordinator": [
        "/",
        "/items/",
        "/items/22/",
        "/items/13/",
        "/reviews/",
        "/reports/1/",
        "/dashboard/",
        "/summaries/status/",
        "/summaries/draft/",
    ],
    "reporter-sfj": ["/", "/items/", "/items/24/updates/new/", "/dashboard/"],
    "viewer": ["/"],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for user, paths in PAGES.items():
            page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 1000})
            errors = []
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            page.goto(f"{BASE}/accounts/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(f"{BASE}/")
            if LANGUAGE == "en":
                page.click("form.lang-switch button[value=en]")
                page.wait_for_selector('html[lang="en"]')
            for path in paths:
                page.goto(BASE + path)
                name = f"{user}{path.replace('/', '_').replace('?', '-')}.png"
                if LANGUAGE != "zh":
                    name = f"{LANGUAGE}-{name}"
                page.screenshot(path=str(OUT / name), full_page=True)
                print(OUT / name)
            if errors:
                print("console errors:", errors)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
