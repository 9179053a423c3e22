import datetime
import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from pina.site import cldr
from pina.site.languages import language_versions, local_path, og_locale
from pina.site.models import DEFAULT_EXIT_PAGE_URL

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every site language (see pina.site.languages)."""
    request = context.get("request")
    if request is None:
        return []
    obj = context.get("translated_object") or context.get("object")
    return language_versions(request, obj)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` on this site as an absolute URL (a path like `//host/` never leaves the site)."""
    request = context.get("request")
    path = local_path(str(path))
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # The 400 page for a request with a forged Host header must still render.
        return path


@register.simple_tag(name="og_locale")
def og_locale_tag(language=None):
    """The Open Graph locale of `language` (the text shown), the active one by default (one
    convention site-wide)."""
    return og_locale(language)


@register.simple_tag(takes_context=True)
def exit_page_url(context):
    """Where "Exit this page" leads: the address staff set, or the neutral default where the
    settings are not at hand (the 500 and 503 pages render without the database).

    The field's validator already refuses anything but https://; this check also covers a value
    written past the form (the shell, a fixture), so the link is always a web address and can
    never run a javascript: URL.
    """
    record = context.get("site_settings")
    url = str(getattr(record, "exit_page_url", "") or "")
    return url if url.lower().startswith(("https://", "http://")) else DEFAULT_EXIT_PAGE_URL


# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value):
    """`value` as JSON for a <script type="application/ld+json"> element, safely escaped."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 (<, > and & escaped)


@register.filter
def long_date(value):
    """A date in the active language's CLDR long pattern (pina.site.cldr): 29 июля 2025 г."""
    if not isinstance(value, datetime.date):
        return ""
    return cldr.long_date(value)


@register.filter
def long_datetime(value):
    """A moment as its CLDR long date and short time, in the site's time zone."""
    if not isinstance(value, datetime.datetime):
        return long_date(value)
    return cldr.long_datetime(value)


@register.filter
def machine_time(value):
    """A date or a datetime as the `datetime` attribute of <time> wants it: whole seconds in the
    site's time zone (HTML allows at most three digits of a second; `|date:'c'` writes six)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def page_links(page):
    """The page numbers to link from `page`: the first and last, and a few around the current
    one, with `Paginator.ELLIPSIS` for the gaps (thousands of links are not a navigation)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
