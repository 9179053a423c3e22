from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def date_range(start, end):
    """One date, or "start – end" when the dates differ, as <time> elements, locale-formatted."""
    first = format_html('<time datetime="{}">{}</time>', start.isoformat(), date_format(start))
    if not end or end == start:
        return first
    last = format_html('<time datetime="{}">{}</time>', end.isoformat(), date_format(end))
    return format_html("{} – {}", first, last)
