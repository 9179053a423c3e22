"""The site shell's part of `make bench` (see tests/bench/plugins.py)."""

from tests.bench.plugins import Page

PAGES = [
    Page("home", "/en/"),
]
