"""Which content is translated into which language: the read rule staff lists and the staff home
page use. A model's QuerySet names, in `translation_required_fields`, the translated fields
that must exist in a language for the content to count as translated into it (a post: title,
lead and body); `TranslationStatusQuerySet` then answers `.missing_translation("ru")`,
`.translation_complete()` and `.with_translation_status()` (one boolean per language, computed
by the database, so a list of 100 rows reads no long text and makes no extra query). A field
left empty in the default language is not asked of the others: there is nothing to translate.
The same rule, on one object, decides what its public pages say of their language:
`page_language()` (what the page declares, indexes and is listed as), `written_languages()`
(its hreflang alternates and sitemap entries) and `shown_language()` (the language each field is
read in, so text shown as a fallback carries its own `lang`). The languages come from settings
(modeltranslation's, built from LANGUAGES), so a fourth language is checked as soon as it is
added.
"""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Func, IntegerField, Q, Value, When
from django.db.models.lookups import Exact, GreaterThan
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order


def default_language() -> str:
    return mt_settings.DEFAULT_LANGUAGE


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of every language content is translated into, the default one excepted, in
    the order of settings.LANGUAGES."""
    names = dict(settings.LANGUAGES)
    return [
        (code, names.get(code, code))
        for code in mt_settings.AVAILABLE_LANGUAGES
        if code != default_language()
    ]


def status_attribute(code: str) -> str:
    """The annotation `with_translation_status()` adds for language `code`."""
    return f"translated_{code}"


class StoredLength(Func):
    """The bytes a text column holds, 0 for NULL. PostgreSQL's octet_length reads the size of a
    long (TOASTed) value from its header without fetching and decompressing the text, so checking
    the bodies of 100,000 posts reads none of them (docs/benchmarks.md); SQLite's length()."""

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"COALESCE({sql}, 0)", params

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="LENGTH", **extra)


class TranslationStatusQuerySet(models.QuerySet):
    """Mixin for the QuerySets of translated models; subclasses set the required fields."""

    translation_required_fields: tuple[str, ...] = ()

    @classmethod
    def translated_condition(cls, code: str) -> Q:
        """Rows whose required fields all exist in `code` (or are empty in the default
        language too)."""
        source = default_language()
        condition = Q()
        for field in cls.translation_required_fields:
            condition &= Q(GreaterThan(StoredLength(f"{field}_{code}"), 0)) | Q(
                Exact(StoredLength(f"{field}_{source}"), 0)
            )
        return condition

    def missing_translation(self, code: str):
        """Rows that lack at least one required field in language `code`."""
        return self.exclude(self.translated_condition(code))

    def translation_complete(self):
        """Rows translated into every language of the site."""
        condition = Q()
        for code, _name in translation_languages():
            condition &= self.translated_condition(code)
        return self.filter(condition)

    def with_translation_status(self, codes=None):
        """Each row with `translated_<code>` booleans, one per translation language (or per
        language of `codes`, the default language left out: everything is written in it)."""
        wanted = [
            (code, name) for code, name in translation_languages() if codes is None or code in codes
        ]
        return self.annotate(
            **{
                # CASE, not the bare condition: SQL's NULL for an empty column must read False.
                status_attribute(code): Case(
                    When(self.translated_condition(code), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
                for code, _name in wanted
            }
        )


def shown_language(obj, field: str) -> str:
    """The language a visitor reads `obj.field` in: the active language where the field has a
    value in it, else the first language of modeltranslation's fallback order that has one (the
    active language when none has: there is nothing to mark)."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    for code in resolution_order(active):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return active


def required_fields(obj) -> tuple[str, ...]:
    """The fields `obj` must have in a language to count as translated into it (its QuerySet's
    `translation_required_fields`; none for a model without them)."""
    manager = getattr(type(obj), "_default_manager", None)
    if manager is None:
        return ()
    return getattr(manager.get_queryset(), "translation_required_fields", ())


def written_in(obj, code: str) -> bool:
    """`obj` is translated into `code`, by the same rule as the admin's Translations column:
    every required field that has text in the default language has text in `code`."""
    annotated = getattr(obj, status_attribute(code), None)
    if annotated is not None:
        # with_translation_status() said so already, without reading the long text.
        return annotated
    source = default_language()
    return all(
        getattr(obj, build_localized_fieldname(field, code), None)
        or not getattr(obj, build_localized_fieldname(field, source), None)
        for field in required_fields(obj)
    )


def written_languages(obj) -> list[str]:
    """The site languages `obj` exists in as a translation, the default language always."""
    return [
        code
        for code in mt_settings.AVAILABLE_LANGUAGES
        if code == default_language() or written_in(obj, code)
    ]


def page_language(obj) -> str:
    """The language a page about `obj` is written in: the active one where `obj` is translated
    into it, else the default language its text falls back to."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if written_in(obj, active) else default_language()
