"""The site shell's part of `make bench` (see pina/bench/plugins.py)."""

from pina.bench.plugins import Page

PAGES = [
    Page("home", "/en/"),
]
