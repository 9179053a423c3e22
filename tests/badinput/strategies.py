"""Hostile values for forms, query strings and addresses (hypothesis strategies).

Settings shared by every property test here: reproducible (derandomized, no example database),
no deadline (two shared CPU cores), and a modest number of examples so the suite stays fast.
`EXAMPLES` is what docs/security.md multiplies by the number of tests.
"""

import os
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 40
# Query strings tried across every public page (test_query_strings.py), per database. Every
# input renders a whole page, so CI's budget allows about a thousand per database;
# PINA_FUZZ_INPUTS=20000 runs the deep pass by hand (docs/security.md).
FUZZ_INPUTS = int(os.environ.get("PINA_FUZZ_INPUTS") or 1_000)

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Written by hand: what breaks parsers, databases and templates most often.
NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\x01\x02\x03\x07\x08\x0b\x0c\x1b\x7f",
    "\r\n\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "\ufeff",
    "\ud7ff\ue000\uffff",
    "𝕳𝖊𝖑𝖑𝖔 😀👩‍👩‍👧‍👦",
    "Oʻzbekiston maʼlumot",
    "Қазақстан Кыргызстан Тоҷикистон",
    "ٱلْعَرَبِيَّة",
    "-1",
    "0",
    "9" * 400,
    "-9223372036854775809",
    "1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1.5",
    "２０２２",  # full-width digits
    "٢٠٢٢",  # Arabic-Indic digits
    "' OR 1=1 --",
    "'; DROP TABLE volunteers_volunteerapplication; --",
    "%00",
    "%2e%2e%2f%2e%2e%2f",
    "../../../../etc/passwd",
    "{{ request.session }}{{ 7|add:7 }}",
    "{% debug %}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "x" * 100_000,
    "é" * 5000,
    "true",
    "null",
    "[]",
    "{}",
    "uz",
    "UZ",
    "zz",
]

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
control_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028"),
    min_size=1,
    max_size=20,
)
huge_text = st.builds(
    lambda char, n: char * n,
    st.characters(exclude_categories=("Cs",)),
    st.integers(min_value=1000, max_value=60_000),
)
numbers = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
hostile_text = st.one_of(st.sampled_from(NASTY_STRINGS), any_text, control_text, huge_text, numbers)


def query_string(names):
    """A raw query string: known and unknown names, any values, duplicates, broken encodings."""
    name = st.one_of(st.sampled_from(list(names)), any_text.filter(bool))
    encoded_pair = st.builds(
        lambda key, value: f"{quote(key, safe='')}={quote(value, safe='')}", name, hostile_text
    )
    raw_bytes_pair = st.builds(  # percent-encoded bytes that are not UTF-8 at all
        lambda key, value: f"{quote(key, safe='')}={quote(value, safe='')}",
        st.sampled_from(list(names)),
        st.binary(max_size=40),
    )
    odd = st.sampled_from(["", "&", "=", "==", "&&&", "%", "%zz", "%FF%FE", "a=1;b=2", "+"])
    pair = st.one_of(encoded_pair, raw_bytes_pair, odd)
    return st.lists(pair, max_size=6).map("&".join)


path_segment = st.one_of(
    st.sampled_from(NASTY_STRINGS[:-3]),
    any_text,
    st.binary(min_size=1, max_size=40),
).map(lambda value: quote(value, safe="") if value else "x")
