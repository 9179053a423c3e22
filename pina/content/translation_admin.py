"""The admin of translated models: one language at a time, and what is left to translate.

`TranslatedAdmin` is django-modeltranslation's tabbed admin: each translated field, the
inlines' too (modeltranslation's inline classes, whose tabs this admin's script draws), shows
one tab per language, and a switch above the form turns every tab at once. jQuery UI is served
by the site (settings.JQUERY_UI_URL): the admin's CSP allows scripts from the site only.
`TranslationStatusFilter` ("complete", "missing Russian", ... one choice per language of
settings) and the `translation_status` column read the model QuerySet's rule
(pina.content.translation_status), computed in the list's own query.
"""

from functools import lru_cache

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from pina.content.admin_columns import SelectionCheckboxColumn
from pina.content.translation_status import status_attribute, translation_languages
from pina.security.staff_home import StaffTask, register_task

# The filter's query-string parameter, also used by the staff home page's links.
TRANSLATION_PARAMETER = "translation"
COMPLETE = "complete"


def missing_value(code: str) -> str:
    return f"missing-{code}"


def _missing_label(language_name) -> str:
    return gettext("missing %(language)s") % {"language": language_name}


# Lazy: the labels are made once (the staff home page's at import) and shown in the language of
# each request.
missing_label = lazy(_missing_label, str)


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translations")
    parameter_name = TRANSLATION_PARAMETER

    def lookups(self, request, model_admin):
        return [(COMPLETE, _("complete"))] + [
            (missing_value(code), missing_label(name)) for code, name in translation_languages()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == COMPLETE:
            return queryset.translation_complete()
        for code, _name in translation_languages():
            if value == missing_value(code):
                return queryset.missing_translation(code)
        return queryset  # no choice, or an unknown one from a hand-made address


def register_translation_tasks(model):
    """Lines of the staff home page for `model`: its rows missing each language, linked to the
    list filtered the same way (the model's admin must use `TranslationStatusFilter`)."""
    for code, name in translation_languages():
        register_task(
            StaffTask(
                section=_("To translate"),
                label=format_lazy(
                    "{}: {}",
                    capfirst(model._meta.verbose_name_plural),
                    missing_label(name),
                ),
                model=model,
                rows=lambda rows, code=code: rows.missing_translation(code),
                filters={TRANSLATION_PARAMETER: missing_value(code)},
            )
        )


class ListWithoutLongTexts(ChangeList):
    """A change list that leaves unread the long texts its admin names in
    `list_deferred_fields`, with their per-language columns: a report or an article body in
    every language, read for each row and never shown."""

    def get_queryset(self, request, exclude_parameters=None):
        names = []
        for name in self.model_admin.list_deferred_fields:
            names.append(name)
            for code in mt_settings.AVAILABLE_LANGUAGES:
                try:
                    names.append(self.model._meta.get_field(f"{name}_{code}").name)
                except FieldDoesNotExist:
                    continue
        return super().get_queryset(request, exclude_parameters).defer(*names)


class TranslatedAdmin(SelectionCheckboxColumn, TabbedDjangoJqueryTranslationAdmin):
    """A translated model's admin with language tabs; where the model's QuerySet has a
    translation rule, add `"translation_status"` to list_display and `TranslationStatusFilter`
    to list_filter. `list_deferred_fields` names long texts the list does not read."""

    list_deferred_fields = ()

    class Media:
        css = {"all": ["css/admin-workflow.css"]}

    def get_changelist(self, request, **kwargs):
        if self.list_deferred_fields:
            return ListWithoutLongTexts
        return super().get_changelist(request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "with_translation_status"):
            queryset = queryset.with_translation_status()
        return queryset

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        complete, languages = _column_parts(get_language(), tuple(mt_settings.AVAILABLE_LANGUAGES))
        missing = [abbr for attribute, abbr in languages if not getattr(obj, attribute, True)]
        if not missing:
            return complete
        return format_html(
            '<span class="translation-missing">{} {}</span>',
            _("missing:"),
            mark_safe(" ".join(missing)),  # noqa: S308 (made by format_html)
        )


@lru_cache(maxsize=32)
def _column_parts(language, codes):
    """The column's HTML pieces in the active `language`, made once rather than for each of a
    list's 100 rows (that was a fifth of the posts list's time at 100,000 posts)."""
    complete = format_html('<span class="translation-complete">{}</span>', _("complete"))
    languages = tuple(
        (status_attribute(code), format_html('<abbr title="{}">{}</abbr>', name, code.upper()))
        for code, name in translation_languages()
    )
    return complete, languages
