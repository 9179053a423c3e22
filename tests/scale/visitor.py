"""A visitor for the real-process tests: cookies kept across requests (whichever instance answers
them), forms read from the page and sent back as a browser would, and an optional source address
in 127.0.0.0/8 so that nginx sees (and passes on) a different visitor address per visitor."""

from __future__ import annotations

import functools
import http.client
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Page:
    status: int
    body: str
    headers: dict
    url: str

    def form(self, action_contains: str = "") -> dict[str, list[str]]:
        """The fields of the first POST form (whose action contains `action_contains`)."""
        parser = _FormParser()
        parser.feed(self.body)
        for action, fields in parser.forms:
            if action_contains in (action or ""):
                return fields
        raise AssertionError(f"no form {action_contains!r} in {self.url} ({self.status})")

    def form_with(self, field: str) -> dict[str, list[str]]:
        """The fields of the first POST form that has a field named `field`."""
        parser = _FormParser()
        parser.feed(self.body)
        for _action, fields in parser.forms:
            if field in fields:
                return fields
        raise AssertionError(f"no form with {field!r} in {self.url} ({self.status})")


class _FormParser(HTMLParser):
    """Field values of every POST form as a browser would submit them (no file inputs)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._fields = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._fields = {}
            self.forms.append((attrs.get("action") or "", self._fields))
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._fields.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self._fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self._fields is not None:
            self._fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._fields = None


class _SourceAddressHandler(urllib.request.HTTPHandler):
    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def http_open(self, request):
        connection = functools.partial(http.client.HTTPConnection, source_address=(self.source, 0))
        return self.do_open(connection, request)


def multipart(data: dict, files: dict) -> tuple[bytes, str]:
    """multipart/form-data as a browser sends a form with a file input."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 comes back as the answer


class Visitor:
    """One browser: a cookie jar, optionally its own address on the loopback."""

    def __init__(self, source: str | None = None, user_agent: str = "pina-scale-tests"):
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if source:
            handlers.append(_SourceAddressHandler(source))
        self.opener = urllib.request.build_opener(*handlers)
        self.opener_no_redirect = urllib.request.build_opener(*handlers, _NoRedirect())
        self.user_agent = user_agent

    def request(
        self,
        url: str,
        data: dict | None = None,
        timeout: float = 30,
        follow: bool = True,
        files: dict | None = None,
        **headers,
    ) -> Page:
        encoded = None
        if files:
            encoded, headers["Content-Type"] = multipart(data or {}, files)
        elif data is not None:
            encoded = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            url, data=encoded, headers={"User-Agent": self.user_agent, **headers}
        )
        try:
            opener = self.opener if follow else self.opener_no_redirect
            with opener.open(request, timeout=timeout) as response:
                return Page(
                    response.status,
                    response.read().decode("utf-8", "replace"),
                    dict(response.headers),
                    response.url,
                )
        except urllib.error.HTTPError as error:
            return Page(
                error.code, error.read().decode("utf-8", "replace"), dict(error.headers), url
            )

    def get(self, url: str, **headers) -> Page:
        return self.request(url, **headers)

    def post(
        self, url: str, data: dict, follow: bool = True, files: dict | None = None, **headers
    ) -> Page:
        """POST a form; `files` ({field: (file name, bytes, type)}) sends it as multipart."""
        return self.request(url, data=data, follow=follow, files=files, **headers)

    def has_cookie(self, name: str) -> bool:
        return any(cookie.name == name for cookie in self.cookies)
