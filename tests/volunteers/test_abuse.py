"""CSRF, the honeypot, the minimum fill time and the per-address rate limits."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from volunteers import abuse
from volunteers.models import EmailDelivery, VolunteerApplication

from .conftest import stamp

pytestmark = pytest.mark.django_db


def test_csrf_token_is_required(form_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/volunteer/", form_data())
    assert response.status_code == 403
    assert VolunteerApplication.objects.count() == 0


def test_a_real_browser_round_trip_passes_csrf(form_data):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/en/volunteer/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/en/volunteer/", {**form_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert VolunteerApplication.objects.count() == 1


def test_filled_honeypot_looks_like_success_but_saves_and_sends_nothing(
    submit, form_data, mailoutbox
):
    response = submit(form_data(referral_code="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/en/volunteer/thanks/"
    assert VolunteerApplication.objects.count() == 0
    assert EmailDelivery.objects.count() == 0
    assert mailoutbox == []


def test_submitting_faster_than_a_person_can_is_refused(client, form_data):
    data = form_data(form_stamp=stamp(seconds_ago=1))
    response = client.post("/en/volunteer/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "That was very quick." in html
    assert VolunteerApplication.objects.count() == 0
    # The original stamp is kept: sending again a moment later works.
    kept = re.search(r'name="form_stamp" value="([^"]+)"', html).group(1)
    assert kept == data["form_stamp"]


def test_waiting_then_resubmitting_works(client, form_data):
    data = form_data(form_stamp=stamp(seconds_ago=1))
    assert client.post("/en/volunteer/", data).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert client.post("/en/volunteer/", data).status_code == 302
    assert VolunteerApplication.objects.count() == 1


@pytest.mark.parametrize(
    "bad_stamp",
    ["", "12345", "1700000000:forged-signature", "x" * 500, stamp()[:-2] + "zz"],
    # Fixed ids: a signed stamp differs from one collection to the next (pytest-xdist compares).
    ids=["empty", "no-signature", "forged-signature", "oversized", "tampered"],
)
def test_missing_or_forged_stamp_is_refused_and_replaced(client, form_data, bad_stamp):
    response = client.post("/en/volunteer/", form_data(form_stamp=bad_stamp))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form was open for too long or could not be checked." in html
    new = re.search(r'name="form_stamp" value="([^"]+)"', html).group(1)
    assert abuse.form_stamp_age(new) is not None  # a fresh, genuine stamp
    assert VolunteerApplication.objects.count() == 0


def test_stale_stamp_is_refused(client, form_data):
    data = form_data()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client.post("/en/volunteer/", data)
    assert "This form was open for too long" in response.content.decode()
    assert VolunteerApplication.objects.count() == 0


def test_rate_limit_after_five_applications_an_hour(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "5/h"
    for n in range(5):
        response = client.post("/en/volunteer/", form_data(email=f"person{n}@example.org"))
        assert response.status_code == 302, n
    response = client.post("/en/volunteer/", form_data(email="person6@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts" in html
    assert 'class="site-header"' in html  # in the site's layout
    assert VolunteerApplication.objects.count() == 5
    # The page itself is still served: many people share one address (a venue, a mobile
    # carrier), and the form with its challenge is their way in once the hour is over.
    assert client.get("/en/volunteer/").status_code == 200


def test_rate_limit_page_is_in_the_visitors_language(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    assert client.post("/ru/volunteer/", form_data()).status_code == 302
    response = client.post("/ru/volunteer/", form_data(email="other@example.org"))
    assert response.status_code == 429
    assert "Слишком много попыток" in response.content.decode()


def test_rate_limit_is_per_address(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    assert client.post("/en/volunteer/", form_data(), REMOTE_ADDR="10.0.0.1").status_code == 302
    again = form_data(email="b@example.org")
    assert client.post("/en/volunteer/", again, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/en/volunteer/", again, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_rate_limit_resets_after_the_hour(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    assert client.post("/en/volunteer/", form_data()).status_code == 302
    assert client.post("/en/volunteer/", form_data(email="b@example.org")).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client.post("/en/volunteer/", form_data(email="b@example.org")).status_code == 302


def test_invalid_submissions_do_not_use_up_the_application_limit(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "2/h"
    for _ in range(4):
        assert client.post("/en/volunteer/", form_data(email="bad")).status_code == 200
    assert client.post("/en/volunteer/", form_data()).status_code == 302


def test_floods_of_invalid_posts_are_limited_too(client, form_data, settings):
    settings.VOLUNTEER_FORM_POST_RATE = "3/h"
    for _ in range(3):
        assert client.post("/en/volunteer/", form_data(email="bad")).status_code == 200
    assert client.post("/en/volunteer/", form_data(email="bad")).status_code == 429


def test_honeypot_submissions_count_against_the_limit(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    client.post("/en/volunteer/", form_data(referral_code="spam"))
    assert client.post("/en/volunteer/", form_data()).status_code == 429


def test_limits_can_be_switched_off_for_load_tests(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    settings.RATELIMIT_ENABLE = False
    for n in range(3):
        response = client.post("/en/volunteer/", form_data(email=f"p{n}@example.org"))
        assert response.status_code == 302


def test_a_broken_cache_does_not_turn_volunteers_away(client, form_data, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(abuse, "get_usage", broken)
    assert client.post("/en/volunteer/", form_data()).status_code == 302
    assert VolunteerApplication.objects.count() == 1


def test_visitor_address_behind_a_proxy(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert abuse.visitor_address(None, request) == "203.0.113.9"
    # A list (X-Forwarded-For style) takes the first; garbage never raises.
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7, 10.0.0.1")
    assert abuse.visitor_address(None, request) == "198.51.100.7"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="<script>")
    assert abuse.visitor_address(None, request) == "unknown"
    settings.CLIENT_IP_HEADER = ""
    assert abuse.visitor_address(None, rf.get("/", REMOTE_ADDR="192.0.2.5")) == "192.0.2.5"


def test_rate_limits_key_on_the_address_behind_trusted_proxies(rf, settings):
    settings.CLIENT_IP_HEADER = ""
    settings.PINA_PROXY_COUNT = 1
    # The proxy appends the address it saw; what the client wrote further left is ignored.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.10")
    assert abuse.visitor_address(None, request) == "203.0.113.10"
    # Without trusted proxies, a forged header changes nothing.
    settings.PINA_PROXY_COUNT = 0
    assert abuse.visitor_address(None, request) == "10.0.0.2"


def test_rate_limit_counts_each_visitor_behind_the_proxy_apart(client, form_data, settings):
    settings.PINA_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = ""
    settings.VOLUNTEER_SIGNUP_RATE = "1/h"
    first = client.post(
        "/en/volunteer/", form_data(email="a@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    again = client.post(
        "/en/volunteer/", form_data(email="b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    other = client.post(
        "/en/volunteer/", form_data(email="c@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.2"
    )
    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)


def test_ipv6_visitors_are_grouped_by_their_64(rf):
    a = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    b = rf.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")
    assert abuse.visitor_address(None, a) == abuse.visitor_address(None, b) == "2001:db8:1:2::"
