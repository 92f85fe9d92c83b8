"""axe-core accessibility checks for Playwright pages.

`install(context, collector)` makes every document a browser context loads run axe-core once
it has loaded, and report its violations to `collector` through an exposed binding.

axe runs the rules of WCAG 2.0 and 2.1, levels A and AA (`WCAG_TAGS`), the level the service
promises in its accessibility statement, and every violation of them fails, whatever its
impact. Rules outside those tags (axe's "best-practice" rules, such as `region`) are not run. Pages
reached by a form POST and a redirect are new documents, so they are checked like any other.

A guard on main-frame navigations (a link click, a form POST, `page.goto`) holds the request
until axe has reported on the page being left, so a page a test only passes through is
checked too. (Playwright cannot evaluate in a page while one of its navigations is held by a
route handler, so the guard waits on the collector in Python, not on the page.) The guard is
a context route: a test's own `page.route` handler that fulfils a navigation bypasses it.

`assert_accessible(page)` checks the page as it is now, for changes made after the load.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Error, Page, Request, Route

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The rules axe runs: WCAG 2.0 and 2.1, levels A and AA. Every violation of them fails.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# How long a navigation, or the end of a test, waits for a pending axe run (milliseconds).
PENDING_TIMEOUT_MS = 15_000
# How long the navigation guard first lets messages already sent by the page arrive.
GRACE_MS = 30

# Runs axe and reduces its result to plain, serialisable data.
_RUN_AXE_JS = """
async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: WCAG_TAGS},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))),
      html: n.html,
      impact: n.impact,
      summary: n.failureSummary || "",
    })),
  }));
}
""".replace("WCAG_TAGS", json.dumps(list(WCAG_TAGS)))

# Runs in every document before the page's own scripts (after axe.min.js, added first). Only
# the top frame runs axe (axe itself looks into same-origin iframes); about:blank and error
# pages are skipped. It reports {run, url} when the run starts on "load" and {run, url,
# violations|error} when it ends. `window.__axePending` resolves once the end is reported.
INIT_SCRIPT = """
(() => {
  if (window !== window.top) return;
  if (!["http:", "https:"].includes(location.protocol)) return;
  const runAxe = RUN_AXE;
  const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let release;
  window.__axePending = new Promise((resolve) => { release = resolve; });
  window.addEventListener("load", () => {
    window.__axeReport({run, url: location.href, started: true});
    setTimeout(async () => {
      let report;
      try {
        report = {run, url: location.href, violations: await runAxe()};
      } catch (error) {
        report = {run, url: location.href, error: String((error && error.stack) || error)};
      }
      try {
        await window.__axeReport(report);
      } finally {
        release(true);
      }
    }, 0);
  });
})();
""".replace("RUN_AXE", _RUN_AXE_JS.strip())

# Waits, in the page, for the run started on load (bounded).
_WAIT_PENDING_JS = """
async (timeoutMs) => {
  if (typeof window.__axePending === "undefined") return "none";
  const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), timeoutMs));
  return await Promise.race([window.__axePending.then(() => "done"), timeout]);
}
"""


@dataclass
class PageReport:
    url: str
    violations: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations that fail a test: all of them, minor and moderate ones too (axe runs
    only the WCAG 2.1 A and AA rules, see `WCAG_TAGS`)."""
    return list(violations)


def describe(url: str, violations: list[dict[str, Any]]) -> str:
    """One block per violation: impact, rule id, help, page; then the selectors it hit."""
    lines = []
    for v in violations:
        lines.append(f"- [{v.get('impact')}] {v.get('id')}: {v.get('help')} ({url})")
        lines.append(f"    {v.get('helpUrl')}")
        for node in v.get("nodes", []):
            target = ", ".join(node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = " ".join(node.get("summary", "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@dataclass
class AxeCollector:
    """Collects one axe-core report per page load in a browser context."""

    reports: list[PageReport] = field(default_factory=list)
    # Runs that have started ({run id: url}) and not yet reported.
    running: dict[str, str] = field(default_factory=dict)
    # Runs that did not finish in time before their page was left.
    abandoned: list[str] = field(default_factory=list)
    # Main-frame URLs the page fired "load" for (filled in by the `page` fixture).
    loaded: list[str] = field(default_factory=list)

    def record(self, payload: dict[str, Any]) -> None:
        """The `__axeReport` binding: note a started run, or store a finished one."""
        run, url = str(payload.get("run")), str(payload.get("url", "?"))
        if payload.get("started"):
            self.running[run] = url
            return
        self.running.pop(run, None)
        self.reports.append(
            PageReport(
                url=url,
                violations=list(payload.get("violations") or []),
                error=payload.get("error"),
            )
        )

    def urls(self) -> list[str]:
        return [r.url for r in self.reports]

    def violations(self, url: str | None = None) -> list[dict[str, Any]]:
        """All violations reported so far (for one URL, when given)."""
        return [v for r in self.reports if url in (None, r.url) for v in r.violations]

    def rule_ids(self, url: str | None = None) -> set[str]:
        return {v["id"] for v in self.violations(url)}

    def clear(self) -> None:
        """Forget everything so far (for tests that visit bad pages on purpose)."""
        self.reports.clear()
        self.running.clear()
        self.abandoned.clear()
        self.loaded.clear()

    def _unaccounted_loads(self) -> list[str]:
        """Loaded pages whose axe run has not even been announced yet: the page fired "load",
        but its run's first message is still on its way (slow on a busy machine)."""
        accounted = Counter(self.urls()) + Counter(self.running.values()) + Counter(self.abandoned)
        loaded = Counter(u for u in self.loaded if u.startswith("http"))
        return [url for url, count in loaded.items() if count > accounted[url]]

    def awaiting(self) -> bool:
        """Whether a page's axe run is going, or announced by its load and not yet started."""
        return bool(self.running) or bool(self._unaccounted_loads())

    def abandon_running(self) -> None:
        """Give up on the runs still going, and on loads whose run never started (so later
        navigations do not wait on them; `unchecked()` reports them)."""
        self.abandoned.extend(self.running.values())
        self.abandoned.extend(self._unaccounted_loads())
        self.running.clear()

    def unchecked(self) -> list[str]:
        """Loaded http(s) pages that never reported (left before axe could finish)."""
        reported = set(self.urls())
        loaded = {u for u in self.loaded if u.startswith("http")}
        return sorted((loaded | set(self.running.values()) | set(self.abandoned)) - reported)

    def problems(self) -> str:
        """A readable list of violations and failed runs; empty when all is well."""
        parts = []
        for report in self.reports:
            if report.error:
                parts.append(f"- axe-core failed on {report.url}: {report.error}")
            found = blocking(report.violations)
            if found:
                parts.append(describe(report.url, found))
        parts.extend(f"- axe-core did not report on {url}" for url in self.unchecked())
        return "\n".join(parts)


def install(context: BrowserContext, collector: AxeCollector) -> None:
    """Run axe-core on every page loaded in `context`, reporting to `collector`."""
    context.add_init_script(path=AXE_PATH)
    context.add_init_script(script=INIT_SCRIPT)
    context.expose_binding("__axeReport", lambda _source, payload: collector.record(payload))

    def hold_navigation(route: Route, request: Request) -> None:
        # Before a main-frame navigation leaves a loaded page, let axe finish reporting on it.
        frame = request.frame
        if (
            request.is_navigation_request()
            and frame.parent_frame is None
            and frame.url.startswith("http")
        ):
            page = frame.page
            page.wait_for_timeout(GRACE_MS)  # a run's "started" call may still be on its way
            deadline = time.monotonic() + PENDING_TIMEOUT_MS / 1000
            while collector.awaiting() and time.monotonic() < deadline:
                page.wait_for_timeout(10)  # lets the binding calls through
            collector.abandon_running()
        route.fallback()

    context.route("**/*", hold_navigation)


def settle(page: Page, timeout_ms: int = PENDING_TIMEOUT_MS) -> None:
    """Wait (bounded) until the current page has loaded and axe has reported on it.

    The run's in-page promise resolves only after the `__axeReport` binding has returned,
    i.e. after the collector has stored the report.
    """
    if page.is_closed():
        return
    try:
        page.wait_for_load_state("load", timeout=timeout_ms)
        page.main_frame.evaluate(_WAIT_PENDING_JS, timeout_ms)
    except Error:
        pass  # the page is gone or mid-navigation; `unchecked()` reports what was missed


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return every violation found."""
    if page.evaluate("typeof window.axe === 'undefined'"):
        # e.g. after page.set_content(), which does not run init scripts.
        page.add_script_tag(path=AXE_PATH)
    else:
        settle(page)  # axe refuses to start while the on-load run is still going
    return page.evaluate(_RUN_AXE_JS)


def assert_accessible(page: Page) -> None:
    """Fail when axe-core finds any WCAG 2.1 A/AA violation on the page as it is now."""
    found = blocking(run_axe(page))
    assert not found, "axe-core found accessibility violations:\n" + describe(page.url, found)
