"""Filters for the admin's change lists, where a library's filter needs the site's settings.

django-countries' `CountryFilter` lists the countries the rows use in the order of the field's
choices; with `COUNTRIES_FIRST_REPEAT` those choices name Central Asia's five countries twice
(first, then again in alphabetical order), and the filter showed "Uzbekistan" twice.
"""

from django_countries.filters import CountryFilter as LibraryCountryFilter


class CountryFilter(LibraryCountryFilter):
    """The countries the rows use, each once, Central Asia's first."""

    def lookup_choices(self, changelist):
        seen = set()
        for code, name in super().lookup_choices(changelist):
            if code and code not in seen:
                seen.add(code)
                yield code, name
