"""The programs the browser tests need, and what to say when one is missing.

Chromium drives every browser test; Java and the Nu Html Checker (npm `vnu-jar`, installed in
tests/browser/node/ by `make browser-tools`) validate the HTML. On a developer's machine a missing
tool skips the tests that need it, with one line saying how to get it; when the environment
variable CI is set, a missing tool is an error, so CI can never pass by skipping them.
"""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NODE_TOOLS = Path(__file__).resolve().parent / "node"
VNU_JAR = NODE_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
# Lighthouse 13 needs Node.js 22; npm's `node` package installs it beside Lighthouse.
NODE_22 = NODE_TOOLS / "node_modules" / "node" / "bin" / "node"


def chromium_path() -> str:
    """Debian's Chromium, or the browser named by CHROME_PATH (the variable Lighthouse reads)."""
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


# Keep Chromium off the network: no updates, sync, metrics or first-run pings, and no name
# resolution for anything but this machine.
CHROMIUM_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def chromium_flags() -> list[str]:
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start its sandbox as root (CI and these machines run as root).
        flags.append("--no-sandbox")
    return flags


@dataclass(frozen=True)
class Tool:
    name: str
    how_to_install: str
    is_available: Callable[[], bool]


CHROMIUM = Tool("Chromium", "apt-get install chromium", lambda: os.access(chromium_path(), os.X_OK))
JAVA = Tool(
    "Java", "apt-get install openjdk-17-jre-headless", lambda: shutil.which("java") is not None
)
NU_HTML_CHECKER = Tool(
    "the Nu Html Checker",
    "make browser-tools, which runs npm ci in tests/browser/node",
    VNU_JAR.is_file,
)


def missing(tools) -> list[Tool]:
    return [tool for tool in tools if not tool.is_available()]


def in_ci() -> bool:
    """CI sets CI=true; an empty value or 0/false means a developer's machine."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def explain(absent: list[Tool]) -> str:
    """One line: what is missing and how to install it."""
    parts = [f"{tool.name} not found ({tool.how_to_install})" for tool in absent]
    return "; ".join(parts)
