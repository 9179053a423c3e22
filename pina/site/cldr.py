"""Country names and dates in each of the site's languages, from the Unicode CLDR through Babel:
one short name per country and language, used by every list, filter and page (django-countries
reads them through `COUNTRIES_OVERRIDE`, see `country_names_for_django_countries`), and dates in
each language's own long pattern ("July 29, 2025", "29 июля 2025 г.", "29-iyul, 2025").

CLDR is complete for every language Django and the site may add, so a new entry in LANGUAGES gets
its country names and dates with no catalogue to write. Two corrections are ours: the names the
network uses where CLDR gives another (`PREFERRED_NAMES`), and Uzbek apostrophes, which CLDR
writes with a mix of ‘ ’ ' and ʻ while the site writes ʻ (U+02BB) in oʻ/gʻ and ʼ (U+02BC) for
the tutuq belgisi.
"""

import datetime
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language

# Kyrgyzstan in Russian: CLDR's "Киргизия" is the older exonym; the Constitution of the Kyrgyz
# Republic, its government and the network's own texts write "Кыргызстан", so every list,
# filter and text on the site says that.
PREFERRED_NAMES = {
    "ru": {"KG": "Кыргызстан"},
}

_OKINA_AFTER = re.compile(r"(?<=[oOgG])['‘’`ʼʻ]")
_TUTUQ = re.compile(r"(?<![oOgG])['‘’`ʻ]")


def uzbek_apostrophes(text: str) -> str:
    """ʻ after o and g (oʻ, gʻ), ʼ for every other apostrophe (the tutuq belgisi)."""
    return _TUTUQ.sub("ʼ", _OKINA_AFTER.sub("ʻ", text))


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def territory_names(language: str) -> dict[str, str]:
    """{ISO 3166 alpha-2 code: short name} in `language` (regions and numeric codes left out)."""
    names = {
        code: name
        for code, name in _locale(language).territories.items()
        if len(code) == 2 and code.isalpha()
    }
    if language.split("-")[0] == "uz":
        names = {code: uzbek_apostrophes(name) for code, name in names.items()}
    names.update(PREFERRED_NAMES.get(language, {}))
    return names


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (the active one by default); English when CLDR has no
    name for the code in that language, the code itself when it has none at all."""
    code = str(code).upper()
    language = language or get_language() or "en"
    return territory_names(language).get(code) or territory_names("en").get(code) or code


_lazy_country_name = lazy(country_name, str)


def country_names_for_django_countries(codes) -> dict[str, object]:
    """`COUNTRIES_OVERRIDE` for django-countries: each code's name, looked up in the active
    language when a list or a name is shown (django-countries caches its sorted list per
    language)."""
    return {code: _lazy_country_name(code) for code in codes}


def long_date(value: datetime.date, language: str | None = None) -> str:
    """A date in the language's CLDR long pattern (a moment: its date in the site's time zone)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, format="long", locale=_locale(language or get_language() or "en"))


def long_datetime(value: datetime.datetime, language: str | None = None) -> str:
    """A moment as its long date and its short time ("July 29, 2025, 10:00"), joined as the
    language's CLDR pattern joins them, in the site's time zone."""
    locale = _locale(language or get_language() or "en")
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    joined = locale.datetime_formats["medium"].replace("'", "")
    time = format_time(value, format="short", locale=locale)
    return joined.format(time, long_date(value, str(locale)))
