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
from django.db.models import BooleanField, Case, Q, Value, When
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


class TranslationStatusQuerySet(models.QuerySet):
    """Mixin for the QuerySets of translated models; subclasses set the required fields."""

    translation_required_fields: tuple[str, ...] = ()

    @classmethod
    def translated_condition(cls, code: str) -> Q:
        """Rows whose required fields all exist in `code` (or are empty in the default
        language too). `> ''` is false for NULL and for the empty string alike."""
        source = default_language()
        condition = Q()
        for field in cls.translation_required_fields:
            condition &= Q(**{f"{field}_{code}__gt": ""}) | ~Q(**{f"{field}_{source}__gt": ""})
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
