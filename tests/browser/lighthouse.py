"""`make audit`: Lighthouse scores of the key pages, written into docs/quality.md.

Serves the site the way production does (gunicorn, debug off, hashed and compressed static
files) from a throwaway SQLite database holding the demo content, runs Lighthouse (mobile
preset, headless Debian Chromium kept off the network) on each page in AUDITED_PAGES, and writes
the four category scores with the date and the machine into docs/quality.md, between the
lighthouse markers (the rest of the file is left alone).

A report, not a CI gate: the performance score moves with the machine's load.

    .venv/bin/python -m tests.browser.lighthouse [--port 8010]
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser import tools  # noqa: E402


def _published_post():
    from news.models import Post

    return Post.objects.published().newest_first().first().get_absolute_url()


def _published_conference():
    from events.models import Conference

    return Conference.objects.published().order_by("-start_date").first().get_absolute_url()


def _volunteer_form():
    from django.urls import reverse

    return reverse("volunteers:signup")


# The pages to audit: a name and a function giving the path, called with English active after
# the demo content is loaded (so it may ask the database).
AUDITED_PAGES = [
    ("Home", lambda: "/en/"),
    ("Article", _published_post),
    ("Conference", _published_conference),
    ("Volunteer form", _volunteer_form),
]

CATEGORIES = [
    ("performance", "Performance", 95),
    ("accessibility", "Accessibility", 100),
    ("best-practices", "Best Practices", 100),
    ("seo", "SEO", 100),
]
QUALITY_FILE = ROOT / "docs" / "quality.md"
START = "<!-- lighthouse:start (written by `make audit`; edits here are replaced) -->"
END = "<!-- lighthouse:end -->"


def site_environment(folder: Path, port: int) -> dict:
    """Production settings, except plain HTTP on the loopback address and a throwaway database."""
    env = dict(os.environ)
    for name in ("REDIS_URL", "DJANGO_STATIC_MANIFEST", "DJANGO_CSRF_TRUSTED_ORIGINS"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pina.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{folder / 'audit.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "DJANGO_SERVE_MEDIA": "1",
            "EMAIL_URL": "consolemail://",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def prepare_site(env: dict) -> list[tuple[str, str]]:
    """Migrate, load the demo content, collect static files; return (name, path) per page."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v", "0"], env=env, check=True, cwd=ROOT)
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import translation

    with translation.override("en"):
        return [(name, path()) for name, path in AUDITED_PAGES]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (our own server)
                return
        except OSError:  # refused while starting, or slow to answer
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def run_lighthouse(url: str, report: Path) -> dict:
    flags = []
    for flag in ["--headless=new", *tools.chromium_flags()]:
        # Lighthouse splits its --chrome-flags on spaces unless a value is quoted.
        name, _equals, value = flag.partition("=")
        flags.append(f'{name}="{value}"' if " " in value else flag)
    command = [
        str(tools.NODE_22),
        str(tools.LIGHTHOUSE_CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(key for key, _title, _target in CATEGORIES),
        "--chrome-flags=" + " ".join(flags),
    ]
    # Lighthouse now and then fails to attach to a fresh Chromium (seen once in four pages
    # here, and fine when re-run): one more attempt before giving up.
    for attempt in (1, 2):
        finished = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": tools.chromium_path()},
            timeout=300,
        )
        if finished.returncode == 0:
            break
        print(f"Lighthouse failed on {url} (exit {finished.returncode}), attempt {attempt} of 2")
    finished.check_returncode()
    return json.loads(report.read_text())


def findings(result: dict) -> list[str]:
    """Titles of the audits that cost points, per category below 100."""
    notes = []
    for key, title, _target in CATEGORIES:
        category = result["categories"][key]
        if category["score"] is not None and category["score"] >= 1:
            continue
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                notes.append(f"{title}: {audit['title']}")
    return notes


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"`{platform.node()}` ({cpu}, {os.cpu_count()} cores, load average {load})"


def versions() -> str:
    chromium = subprocess.run(
        [tools.chromium_path(), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    lighthouse = json.loads((tools.LIGHTHOUSE_CLI.parents[1] / "package.json").read_text())
    return f"{chromium}, Lighthouse {lighthouse['version']}"


def render(rows: list[tuple[str, str, dict]]) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        "## Lighthouse",
        "",
        f"Measured {now} on {machine_description()} with {versions()}: mobile preset,",
        "against gunicorn (debug off, compressed static files) serving the demo content.",
        "Performance moves with the machine's load; the targets are those of issue 6.",
        "",
        "| Page | Path | " + " | ".join(title for _key, title, _target in CATEGORIES) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " |",
        "| *Target* | | "
        + " | ".join(("≥ " if target < 100 else "") + str(target) for *_k, target in CATEGORIES)
        + " |",
    ]
    notes = []
    for name, path, result in rows:
        scores = []
        for key, _title, target in CATEGORIES:
            score = result["categories"][key]["score"]
            value = "n/a" if score is None else round(score * 100)
            mark = "" if score is not None and value >= target else " ✗"
            scores.append(f"{value}{mark}")
        lines.append(f"| {name} | `{path}` | " + " | ".join(scores) + " |")
        notes += [f"- {name}: {note}" for note in findings(result)]
    if notes:
        lines += ["", "What cost points:", "", *notes]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_quality_file(section: str) -> None:
    QUALITY_FILE.parent.mkdir(parents=True, exist_ok=True)
    text = QUALITY_FILE.read_text() if QUALITY_FILE.exists() else "# Quality measurements\n\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    QUALITY_FILE.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("AUDIT_PORT", 8010)))
    args = parser.parse_args()
    for path, how in (
        (tools.LIGHTHOUSE_CLI, "run `make audit`, which installs it"),
        (tools.NODE_22, "run `make audit`, which installs it"),
    ):
        if not path.exists():
            print(f"{path} is missing: {how}.", file=sys.stderr)
            return 2
    if not tools.CHROMIUM.is_available():
        print(f"Chromium is missing: {tools.CHROMIUM.how_to_install}.", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="pina-audit-"))
    env = site_environment(folder, args.port)
    server = None
    try:
        pages = prepare_site(env)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pina.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{args.port}"
        wait_for(base + pages[0][1])
        rows = []
        for name, path in pages:
            print(f"Lighthouse: {name} ({path})", flush=True)
            rows.append((name, path, run_lighthouse(base + path, folder / "report.json")))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    section = render(rows)
    write_quality_file(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
