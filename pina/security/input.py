"""Control characters never reach the database: PostgreSQL refuses a NUL in a string parameter
(an error, so a 500), and no address, query parameter or header of this site ever needs one.
`ControlCharacterMiddleware` is the one place every request goes through; form fields are
cleaned by the forms themselves (Django's CharField refuses NUL with a message in the visitor's
language), so a POST body is left to them.
"""

from __future__ import annotations

import re

from django.http import Http404
from django.utils import translation

# C0 controls and DEL; C1 controls (U+0080-U+009F) as decoded from UTF-8 or, in headers, Latin-1.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


class ControlCharacterMiddleware:
    """An address or a query parameter (name or value) with a control character is a 404 (the
    branded page, in the language of the address): no page of the site has such an address,
    and refusing the request here means no view, selector or form has to think of it.

    Header values lose their control characters instead (the cookies with them), so that a
    garbled cookie or User-Agent does not cost the visitor the page: the session key, the
    address and the user agent django-axes stores are then clean too.

    First in MIDDLEWARE, before the page cache reads the cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        headers = [name for name in meta if name.startswith("HTTP_")]
        for name in headers:
            value = meta[name]
            if isinstance(value, str) and has_control_characters(value):
                meta[name] = CONTROL_CHARACTERS.sub("", value)
        if has_control_characters(request.path) or any(
            has_control_characters(name) or has_control_characters(value)
            for name, values in request.GET.lists()
            for value in values
        ):
            # Raised rather than rendered here: Django turns it into handler404's page, which
            # needs the language of the address (LocaleMiddleware has not run yet).
            language = translation.get_language_from_path(request.path_info)
            if language:
                translation.activate(language)
            raise Http404("Control characters in the address")
        return self.get_response(request)
