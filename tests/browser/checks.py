"""Standards every public page must meet, as reusable checks on a Playwright page.

Each check returns a list of problems in plain words (empty when the page passes), so a test
can assert on one check or gather several. See test_pages.py for how they are applied to every
public page type.
"""

import gzip
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from . import tools

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOOPBACK_HOSTS


# Waits in the page with a promise rather than Playwright's wait_for_function, whose string
# predicate is re-evaluated with eval() while it polls: our CSP forbids that, so the wait
# failed whenever an image was still loading at the first check.
_IMAGES_SETTLED = """
images => Promise.all(images.map(image => image.complete ? null : new Promise(settled => {
    image.addEventListener("load", settled, {once: true});
    image.addEventListener("error", settled, {once: true});
})))
"""


def wait_for_images(page, selector="img"):
    """Wait until every image matching `selector` has loaded (or failed to)."""
    page.locator(selector).evaluate_all(_IMAGES_SETTLED)


class LocalOnlyGuard:
    """Refuses every request of a browser context that would leave this machine, and records it.

    The refusal happens in the browser before any connection is made (the launch flags also stop
    name resolution), so a page that links a third-party font or script fails the test instead
    of reaching out.
    """

    def __init__(self, context):
        self.foreign_requests: list[str] = []
        context.route(lambda url: not is_local(url), self._refuse)

    def _refuse(self, route):
        self.foreign_requests.append(route.request.url)
        route.abort("blockedbyclient")


# --- A visit: load a page once and keep what every check needs ----------------------------------

CODE_TYPES = {"document", "stylesheet", "script"}
TEXT_CONTENT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class Resource:
    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, image, font, ...
    bytes: int
    gzip_bytes: int  # what it weighs compressed as a server would send it (images: as is)


@dataclass
class Visit:
    """One page as a visitor's browser loaded it."""

    url: str
    status: int
    html: str  # the HTML source of the final document, as the server sent it
    resources: list[Resource] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def code_weight(self) -> int:
        """HTML + CSS + JS, compressed."""
        return sum(r.gzip_bytes for r in self.resources if r.kind in CODE_TYPES)

    def total_weight(self) -> int:
        return sum(r.gzip_bytes for r in self.resources)

    def weight_table(self) -> str:
        rows = [f"{r.gzip_bytes / 1024:7.1f} KB  {r.kind:<10} {r.url}" for r in self.resources]
        return "\n".join(rows)


def compressed_size(body: bytes, content_type: str) -> int:
    if content_type.startswith(TEXT_CONTENT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)  # images and fonts are compressed already


def visit(page, path: str, *, prepare=None, expected_status: int = 200) -> Visit:
    """Open `path` (relative to the context's base URL) like a visitor and record what loads.

    `prepare(page)` does what the visitor does before the page is in the state to check (e.g.
    submit an empty form); the final document is the one checked, and what loaded on the way
    counts once per address (the browser may take a stylesheet from its cache the second
    time). The page is scrolled to the end so that lazily loaded images count too.
    """
    responses = []
    console_errors = []
    page.on("response", lambda response: responses.append(response))
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: console_errors.append(f"script error: {error}"))
    resources: dict[str, Resource] = {}
    html: dict[int, str] = {}  # the documents' source, read before the page navigates away
    weighed: set[int] = set()

    def weigh_new_responses():
        # A body can only be read until the page navigates away, so this runs before
        # `prepare` and again at the end.
        for response in responses:
            key = id(response)
            if key in weighed or 300 <= response.status < 400:
                continue  # a redirect has no body
            weighed.add(key)
            try:
                body = response.body()
            except PlaywrightError:
                # It finished after the page navigated away (`prepare`): it belonged to the
                # earlier page, which is not the page being checked.
                continue
            if _is_document(page, response):
                html[key] = body.decode("utf-8", errors="replace")
            resources[response.url] = Resource(
                url=response.url,
                kind=response.request.resource_type,
                bytes=len(body),
                gzip_bytes=compressed_size(body, response.headers.get("content-type", "")),
            )

    page.goto(path)
    page.wait_for_load_state("load")
    if prepare is not None:
        weigh_new_responses()
        prepare(page)
        page.wait_for_load_state("load")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    wait_for_images(page)
    page.evaluate("window.scrollTo(0, 0)")
    weigh_new_responses()

    documents = [response for response in responses if _is_document(page, response)]
    document = documents[-1]
    for earlier in documents[:-1]:
        if resources.get(earlier.url) and earlier.url != document.url:
            del resources[earlier.url]  # an earlier page is not this page
    if expected_status != 200:
        # Chromium reports the document's own error status on the console; that is expected.
        expected = f"the server responded with a status of {expected_status}"
        console_errors = [
            text
            for text in console_errors
            if not (text.startswith("Failed to load resource") and expected in text)
        ]
    return Visit(
        url=document.url,
        status=document.status,
        html=html[id(document)],
        resources=list(resources.values()),
        console_errors=console_errors,
    )


def _is_document(page, response) -> bool:
    return response.request.is_navigation_request() and response.frame == page.main_frame


# --- Checks ---------------------------------------------------------------------------------------


def weight_problems(
    visit_: Visit, code_budget_kb: float = 60, total_budget_kb: float | None = None
) -> list[str]:
    problems = []
    if visit_.code_weight() > code_budget_kb * 1024:
        problems.append(
            f"HTML + CSS + JS weigh {visit_.code_weight() / 1024:.1f} KB compressed "
            f"(budget {code_budget_kb} KB):\n{visit_.weight_table()}"
        )
    if total_budget_kb is not None and visit_.total_weight() > total_budget_kb * 1024:
        problems.append(
            f"the page weighs {visit_.total_weight() / 1024:.1f} KB with its images "
            f"(budget {total_budget_kb} KB):\n{visit_.weight_table()}"
        )
    return problems


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def axe_problems(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now.

    The page's context must be made with bypass_csp=True: our CSP (rightly) forbids the
    injected script.
    """
    results = _axe.run(page, options=AXE_OPTIONS)
    problems = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            problems.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {target}: "
                f"{summary}"
            )
    return problems


# Mark every control a keyboard user should reach, and note how it looks without focus.
_LIST_CONTROLS = """
() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea,'
    + ' summary, iframe, [contenteditable=""], [contenteditable="true"], [tabindex]';
  const looks = (el) => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
  };
  const controls = [];
  document.querySelectorAll(selector).forEach((el, index) => {
    const style = getComputedStyle(el);
    if (el.disabled || el.tabIndex < 0) return;
    if (style.visibility === 'hidden' || el.getClientRects().length === 0) return;
    if (el.closest('[inert], [hidden]')) return;
    el.dataset.kbIndex = String(index);
    // A group of radio buttons is one stop on the Tab key (arrows move inside it).
    const key = (el.type === 'radio' && el.name)
      ? 'radio:' + (el.form ? el.form.id : '') + ':' + el.name
      : 'control:' + index;
    controls.push({index, key, label: el.outerHTML.slice(0, 120), unfocused: looks(el)});
  });
  return controls;
}
"""

_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.dataset || el.dataset.kbIndex === undefined) {
    return el && el !== document.body ? {index: null, label: el.outerHTML.slice(0, 120)} : null;
  }
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth;
  return {
    index: Number(el.dataset.kbIndex),
    looks: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '),
    outlined: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || s.boxShadow !== 'none',
    onScreen,
  };
}
"""


# Tab from the top of the page even where a script moved the focus (e.g. to a form's list of
# errors): Chromium starts the Tab order from the last focused element, even after blur().
_START_AT_THE_TOP = """
() => {
  const start = document.createElement('span');
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
}
"""


def keyboard_problems(page, max_stops: int = 400) -> list[str]:
    """Tab through the page from the top: every control is reached and visibly focused.

    "Visibly focused" means the focused control's outline or box-shadow differs from its
    unfocused look, and the control is on screen while focused (a skip link that stays
    off-screen would fail).
    """
    controls = page.evaluate(_LIST_CONTROLS)
    by_index = {c["index"]: c for c in controls}
    page.evaluate(_START_AT_THE_TOP)
    reached_keys = set()
    problems = []
    seen = set()
    for _ in range(min(max_stops, len(controls) + 5)):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            break  # focus left the page: the end of the tab order
        if focused["index"] is None:
            problems.append(f"focus went to an element that is not a control: {focused['label']}")
            continue
        if focused["index"] in seen:
            break
        seen.add(focused["index"])
        control = by_index[focused["index"]]
        reached_keys.add(control["key"])
        if focused["looks"] == control["unfocused"] or not focused["outlined"]:
            problems.append(f"no visible focus indicator on {control['label']}")
        if not focused["onScreen"]:
            problems.append(f"focused control is off screen: {control['label']}")
    for control in controls:
        if control["key"] not in reached_keys:
            problems.append(f"not reachable with the Tab key: {control['label']}")
    return problems


def console_problems(visit_: Visit) -> list[str]:
    """Script errors and Content-Security-Policy refusals the browser reported."""
    return [f"browser console: {text}" for text in visit_.console_errors]


def foreign_request_problems(requests: list[str]) -> list[str]:
    return [f"request to another host: {url}" for url in requests]


# --- Valid HTML: the Nu Html Checker ------------------------------------------------------------


class NuHtmlChecker:
    """Validates HTML documents with the Nu Html Checker (vnu.jar), many in one Java run."""

    def __init__(self, jar: Path = tools.VNU_JAR):
        self.jar = jar

    def check(self, documents: dict[str, str]) -> dict[str, list[str]]:
        """Errors per document name (documents maps a name to its HTML source)."""
        with tempfile.TemporaryDirectory(prefix="pina-vnu-") as folder:
            files = {}
            for number, (name, html) in enumerate(documents.items()):
                path = Path(folder) / f"page-{number}.html"
                path.write_text(html, encoding="utf-8")
                files[path.resolve().as_uri()] = name
            result = subprocess.run(
                [
                    "java",
                    "-Xss16m",  # the schema checks recurse deeply
                    "-XX:TieredStopAtLevel=1",  # starts twice as fast; documents are small
                    "-XX:+UseSerialGC",
                    "-jar",
                    str(self.jar),
                    "--format",
                    "json",
                    "--exit-zero-always",
                    "--stdout",
                    *[str(Path(folder) / f"page-{n}.html") for n in range(len(documents))],
                ],
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
        report = json.loads(result.stdout)
        errors: dict[str, list[str]] = {name: [] for name in documents}
        for message in report["messages"]:
            if message["type"] not in ("error", "non-document-error"):
                continue
            name = files.get(_file_uri(message.get("url", "")), "?")
            line = message.get("lastLine", "?")
            extract = message.get("extract", "").strip().replace("\n", " ")
            errors.setdefault(name, []).append(
                f"line {line}: {message['message']} [{extract[:100]}]"
            )
        return errors


def _file_uri(url: str) -> str:
    # vnu writes file:/tmp/x; Path.as_uri() writes file:///tmp/x.
    if url.startswith("file:") and not url.startswith("file:///"):
        return "file://" + url[len("file:") :]
    return url
