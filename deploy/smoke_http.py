"""deploy/smoke's visits through the front proxy, with the standard library only (it runs on
the host, outside any virtualenv): `cache` checks that the home page's second fetch is a HIT of
nginx's front cache and that a request with a session cookie is not (BYPASS); `signup` opens
the volunteer form, sends it back with its CSRF token and stamp, and prints the address it
signed up with once the thank-you page answers. Any other outcome exits with an error.
"""

import http.cookiejar
import sys
import time
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the form with id="volunteer-form": hidden values, the first option of each
    checkbox or radio group, each select's options."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.hidden: dict[str, str] = {}
        self.checkboxes: dict[str, str] = {}
        self.select: str | None = None
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "volunteer-form"
        if not self.inside:
            return
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self.checkboxes.setdefault(attrs["name"], attrs.get("value", "on"))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and attrs.get("value"):
            self.options.setdefault(self.select, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def fetch(url, headers=None):
    # The proxy's address from deploy/smoke: http://127.0.0.1:PORT, never a file: URL.
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        return response.status, response.headers.get("X-Cache-Status", "")


def check_cache(proxy: str) -> None:
    statuses = []
    for _ in range(5):
        first = fetch(proxy + "/en/")
        second = fetch(proxy + "/en/")
        statuses.append((first, second))
        if second == (200, "HIT"):
            break
        time.sleep(1.5)
    else:
        sys.exit(f"the home page's second fetch was never a HIT: {statuses}")
    print(f"home page: {first[1] or 'no status'} then {second[1]}")
    status, cache = fetch(proxy + "/en/", {"Cookie": "sessionid=smoke-not-a-session"})
    if cache == "HIT" or status != 200:
        sys.exit(f"a request with a session cookie was answered {status} {cache!r}")
    print(f"with a session cookie: {cache}")


def sign_up(proxy: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form_url = proxy + "/en/volunteer/"
    with opener.open(form_url, timeout=15) as response:
        fields = FormFields()
        fields.feed(response.read().decode())
    if "csrfmiddlewaretoken" not in fields.hidden:
        sys.exit("the volunteer form has no CSRF token")
    email = f"smoke-{uuid.uuid4().hex[:12]}@example.org"
    data = {
        **fields.hidden,
        **fields.checkboxes,
        "full_name": "Dilnoza Karimova",
        "email": email,
        "phone": "+998 90 123 45 67",
        "country": "UZ",
        "city": "Bukhara",
        "motivation": "I would like to help young people learn how to migrate safely.",
        "heard_about": "A friend",
        "consent": "on",
    }
    time.sleep(1.5)  # VOLUNTEER_FORM_MIN_SECONDS=1 in the smoke's environment
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(form_url, data=body, headers={"Referer": form_url})  # noqa: S310
    with opener.open(request, timeout=15) as response:
        if "/volunteer/thanks/" not in response.url:
            sys.exit(f"the sign-up was not accepted: {response.status} {response.url}")
    print(email)


if __name__ == "__main__":
    proxy, step = sys.argv[1], sys.argv[2]
    if not proxy.startswith("http://"):
        sys.exit("usage: smoke_http.py http://127.0.0.1:PORT cache|signup")
    _, step = sys.argv[1], sys.argv[2]
    {"cache": check_cache, "signup": sign_up}[step](proxy)
