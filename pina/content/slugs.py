"""Readable Latin slugs from titles in English, Russian, Uzbek Latin or Uzbek Cyrillic."""

import re

from slugify import slugify

# Letters that only Uzbek (among the site's languages) writes in Cyrillic.
UZBEK_CYRILLIC_ONLY = set("ўқғҳЎҚҒҲ")

# The 1995 Uzbek Cyrillic-to-Latin table, lower case (the text is lower-cased first).
UZBEK_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts",
    "ч": "ch", "ш": "sh", "ъ": "", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h",
}  # fmt: skip

# Uzbek Latin writes oʻ, gʻ and the glottal stop with modifier letters (and often with quotes):
# they belong inside the word, not between two words.
APOSTROPHES = re.compile("[\u02bb\u02bc\u2018\u2019'`]")

DEFAULT_MAX_LENGTH = 80


def slug_from_title(title: str, fallback: str = "item", max_length=DEFAULT_MAX_LENGTH) -> str:
    """A lower-case ASCII slug for `title`; `fallback` when the title gives nothing usable.

    python-slugify transliterates Cyrillic the Russian way; Uzbek letters get the official Uzbek
    Latin spelling first (қ → q, ў → o, ғ → g, ҳ → h), so "Қорақалпоғистон" becomes
    "qoraqalpogiston", not "korakalpogistan".
    """
    text = APOSTROPHES.sub("", (title or "").lower())
    if UZBEK_CYRILLIC_ONLY & set(text):
        text = "".join(UZBEK_CYRILLIC_TO_LATIN.get(char, char) for char in text)
    slug = slugify(text, max_length=max_length, word_boundary=True)
    return slug or fallback


def unique_slug(base: str, is_taken, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """`base`, or `base-2`, `base-3`... : the first candidate for which `is_taken` is false."""
    candidate = base[:max_length]
    number = 2
    while is_taken(candidate):
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate
