from django import template
from django.utils.html import format_html

from pina.site.cldr import long_date

register = template.Library()


@register.simple_tag
def date_range(start, end):
    """One date, or "start – end" when the dates differ, as <time> elements, in the language's
    CLDR long pattern."""
    first = format_html('<time datetime="{}">{}</time>', start.isoformat(), long_date(start))
    if not end or end == start:
        return first
    last = format_html('<time datetime="{}">{}</time>', end.isoformat(), long_date(end))
    return format_html("{} – {}", first, last)
