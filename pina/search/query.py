"""What a visitor typed, as the search reads it and as the results page marks it: the query made
safe (`clean_query`), its words and phrases (`parse_terms`), the text folded for comparison
(`fold`), and the excerpts with the query's words marked (`highlight_pattern`, `excerpt`,
`highlight`). Nothing here touches the database."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# The Unicode apostrophes of Uzbek Latin (oʻ, gʻ, maʼlumot) and their look-alikes compare equal.
APOSTROPHES = re.compile("[\u02bb\u02bc\u2018\u2019`]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]*)[\"“”«»„]?")


def clean_query(raw) -> str:
    """What a visitor typed, made safe to search for: no control characters, at most
    MAX_QUERY_LENGTH characters, spaces collapsed."""
    text = CONTROL_CHARACTERS.sub(" ", str(raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text) -> str:
    """Text as it is compared by the SQLite search: NFC, case-folded, one kind of apostrophe."""
    if text is None:
        return None
    return APOSTROPHES.sub("'", unicodedata.normalize("NFC", str(text)).casefold())


def parse_terms(query: str) -> tuple[list[str], list[str]]:
    """(words or "quoted phrases" to find, -words to leave out), folded, at most MAX_TERMS.

    Follows websearch_to_tsquery's syntax closely enough for the SQLite search: `or` is
    dropped (every word must match), punctuation around words is ignored.
    """
    wanted, unwanted = [], []
    for phrase in QUOTED.findall(query):
        phrase = " ".join(re.findall(r"\w[\w']*", fold(phrase)))
        if phrase:
            wanted.append(phrase)
    rest = QUOTED.sub(" ", query)
    for token in rest.split():
        negative = token.startswith("-")
        words = re.findall(r"\w[\w']*", fold(token))
        for word in words:
            if word == "or":
                continue
            (unwanted if negative else wanted).append(word)
    return wanted[:MAX_TERMS], unwanted[:MAX_TERMS]


def highlight_pattern(query: str):
    """A regex matching the query's words (and words that start like them, for stemming)."""
    wanted, _unwanted = parse_terms(query)
    stems = []
    for term in wanted:
        for word in term.split():
            # Full-text search matches other forms of a word: mark words sharing its start.
            stems.append(word[: max(5, len(word) - 3)] if len(word) > 6 else word)
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(set(stems), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def excerpt(text: str, pattern, length: int = 260):
    """An HTML-safe excerpt of plain `text` around the first match of `pattern`, with <mark>."""
    text = " ".join((text or "").split())
    start = 0
    match = pattern.search(fold_for_display(text)) if pattern else None
    if match and match.end() > length - 30:
        # Start a little before the match, at a word boundary.
        start = text.rfind(" ", 0, max(0, match.start() - length // 4)) + 1
    end = min(len(text), start + length)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(text[start:end], pattern) + suffix)  # noqa: S308


def fold_for_display(text: str) -> str:
    """The text with apostrophes unified but the same length, so match offsets stay valid."""
    return APOSTROPHES.sub("'", text)


def highlight(text: str, pattern) -> str:
    """`text` escaped, with each match of `pattern` wrapped in <mark>."""
    if not pattern:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(fold_for_display(text)):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped)
