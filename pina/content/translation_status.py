"""Which content is translated into which language: the read rule staff lists and the staff home
page use. A model's QuerySet names, in `translation_required_fields`, the translated fields
that must exist in a language for the content to count as translated into it (a post: title,
lead and body); `TranslationStatusQuerySet` then answers `.missing_translation("ru")`,
`.translation_complete()` and `.with_translation_status()` (one boolean per language, computed
by the database, so a list of 100 rows reads no long text and makes no extra query). A field
left empty in the default language is not asked of the others: there is nothing to translate.
The languages come from settings (modeltranslation's, built from LANGUAGES), so a fourth
language is checked as soon as it is added.
"""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Func, IntegerField, Q, Value, When
from django.db.models.lookups import Exact, GreaterThan
from modeltranslation import settings as mt_settings


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

    def with_translation_status(self):
        """Each row with `translated_<code>` booleans, one per translation language."""
        return self.annotate(
            **{
                # CASE, not the bare condition: SQL's NULL for an empty column must read False.
                status_attribute(code): Case(
                    When(self.translated_condition(code), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
                for code, _name in translation_languages()
            }
        )
