"""`{% content_cache %}`: rendered HTML of a part of a page that only changes with content,
cached per language and per the values given until any content changes (the page cache's
content version, through pina.caching.fragments).
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pina.caching.fragments import remember

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        name = self.name.resolve(context)
        values = [str(value.resolve(context)) for value in self.vary_on]
        digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]
        key = f"html:{name}:{get_language()}:{digest}"
        return mark_safe(remember(key, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag("content_cache")
def content_cache(parser, token):
    """`{% content_cache "name" value ... %}...{% endcontent_cache %}`.

    Unlike Django's `{% cache %}`, an edit is visible on the next request, with no key to
    delete. Put nothing inside that depends on the visitor (forms with a CSRF token, staff-only
    links). Querysets used only inside the block are not evaluated when the fragment is cached.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'content_cache' needs a fragment name")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
