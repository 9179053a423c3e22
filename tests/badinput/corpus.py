"""A deterministic corpus of hostile query strings, generated in bulk without hypothesis: the
hand-written nasty strings, random Unicode from every plane, control characters, huge values,
odd numbers, percent-encoded bytes that are not UTF-8, duplicated, unknown and broken names.
Hypothesis (test_query_strings.py) explores and shrinks; this corpus gives the breadth that
the CI budget allows per database (`BULK_INPUTS`), the same inputs on every run (a fixed seed)."""

import os
import random
from urllib.parse import quote

from .strategies import NASTY_STRINGS

# Query strings sent across every public page, per database, on top of the hypothesis pass.
BULK_INPUTS = int(os.environ.get("PINA_FUZZ_BULK_INPUTS") or 20_000)

ODD_PAIRS = ["", "&", "=", "==", "&&&", "%", "%zz", "%FF%FE", "a=1;b=2", "+", "%%%", "=&="]
CONTROL = [chr(code) for code in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029"]
PLANES = [
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x400, 0x4FF),
    (0x600, 0x6FF),
    (0x4E00, 0x4F00),
    (0xE000, 0xF8FF),
    (0x1F300, 0x1F64F),
    (0x10000, 0x10FFFF),
]


def _text(rng: random.Random, size: int) -> str:
    low, high = rng.choice(PLANES)
    chars = []
    for _ in range(size):
        code = rng.randint(low, high)
        if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be encoded
            code = 0xFFFD
        chars.append(chr(code))
    return "".join(chars)


def hostile_value(rng: random.Random) -> str:
    kind = rng.randrange(10)
    if kind < 3:
        return rng.choice(NASTY_STRINGS[:-3])  # the 100,000-character ones come below, rarely
    if kind < 6:
        return _text(rng, rng.randint(1, 60))
    if kind == 6:
        return "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 8))) + _text(rng, 3)
    if kind == 7:
        return str(rng.choice([rng.randint(-(10**30), 10**30), rng.random() * 1e308, -0.0]))
    if kind == 8 and rng.random() < 0.05:
        return rng.choice("xé😀") * rng.randint(1_000, 20_000)
    return rng.choice(["1", "2", "999999", "-1", "0", "ru", "uz", "en", "UZ", "KG", "true"])


def _pair(rng: random.Random, names: list[str]) -> str:
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice(ODD_PAIRS)
    name = rng.choice(names) if kind < 7 else _text(rng, rng.randint(1, 12))
    if kind == 9:  # percent-encoded bytes that are not UTF-8 at all
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 30)))
        return f"{quote(name, safe='')}={quote(raw, safe='')}"
    return f"{quote(name, safe='')}={quote(hostile_value(rng), safe='')}"


def query_strings(names, count: int, seed: str):
    """`count` raw query strings for a page reading `names` (its own first, then others')."""
    rng = random.Random(seed)
    names = list(names) or ["q"]
    for _ in range(count):
        yield "&".join(_pair(rng, names) for _ in range(rng.randint(1, 6)))
