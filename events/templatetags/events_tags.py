import json

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a title would end or corrupt the block; the JSON
# escapes keep the data identical for a JSON parser.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as JSON that is safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped above


@register.simple_tag
def date_range(start, end):
    """One date, or "start – end" when the dates differ, as <time> elements, locale-formatted."""
    first = format_html('<time datetime="{}">{}</time>', start.isoformat(), date_format(start))
    if not end or end == start:
        return first
    last = format_html('<time datetime="{}">{}</time>', end.isoformat(), date_format(end))
    return format_html("{} – {}", first, last)
