"""What a page says about the language of its text (pina.content.translation_status): `lang`
attributes on text shown as a fallback, the language a page about an object is written in, and
its address in that language for the canonical link."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from pina.content import translation_status

register = template.Library()


def _active() -> str:
    return translation.get_language() or translation_status.default_language()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="en"` when `obj.field` is shown in another language than the page's, else
    nothing: put inside the tag that holds the field's text."""
    shown = translation_status.shown_language(obj, field)
    if shown == _active():
        return ""
    return format_html(' lang="{}"', shown)


@register.filter
def falls_back(obj, field) -> bool:
    """`obj.field` is shown in another language than the page's."""
    return translation_status.shown_language(obj, field) != _active()


@register.simple_tag
def page_language(obj) -> str:
    """The language a page about `obj` is written in (the active one, or the fallback)."""
    return translation_status.page_language(obj)


@register.simple_tag
def written_url(obj) -> str:
    """`obj`'s address in the language its page is written in: the canonical address of a page
    that only shows a fallback is the original's."""
    with translation.override(translation_status.page_language(obj)):
        return obj.get_absolute_url()
