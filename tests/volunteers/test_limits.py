"""Limits that stop bots without locking out a room full of people (issue 18, point 2): the page
is never refused, a challenge once an address is busy (proof of work, or an image captcha
without JavaScript), a per-e-mail limit, and event sign-up links with their own limit."""

import html as html_lib
import json
import re
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.events.factories import ConferenceFactory
from volunteers import challenge
from volunteers.models import EmailDelivery, EventSignupLink, VolunteerApplication

from .conftest import stamp

pytestmark = pytest.mark.django_db

VENUE = "203.0.113.7"


def post(client, data, path="/en/volunteer/", address=VENUE):
    return client.post(path, data, REMOTE_ADDR=address)


def fill_address(client, form_data, count, address=VENUE):
    for n in range(count):
        response = post(client, form_data(email=f"fill{n}@example.org"), address=address)
        assert response.status_code == 302, n


def challenge_of(page: str) -> dict:
    raw = re.search(r'data-altcha-challenge="([^"]+)"', page).group(1)
    return json.loads(html_lib.unescape(raw))


def captcha_key(page: str) -> str:
    return re.search(r'name="captcha_0" value="([^"]+)"', page).group(1)


@pytest.fixture
def link(db):
    return EventSignupLink.objects.create(
        conference=ConferenceFactory(title_en="Regional conference on safe migration"),
        expires_at=timezone.now() + timedelta(days=2),
    )


def test_the_form_page_is_never_refused_even_over_the_limit(client, form_data, settings):
    settings.VOLUNTEER_SIGNUP_RATE = "2/h"
    fill_address(client, form_data, 2)
    assert post(client, form_data(email="third@example.org")).status_code == 429
    response = client.get("/en/volunteer/", REMOTE_ADDR=VENUE)
    assert response.status_code == 200


def test_a_quiet_address_sees_no_challenge(client, form_data, settings):
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER - 1)
    page = client.get("/en/volunteer/", REMOTE_ADDR=VENUE).content.decode()
    assert "data-altcha-challenge" not in page
    assert "altcha-solver.js" not in page


def test_a_busy_address_gets_the_challenge_and_nothing_is_saved_without_it(
    client, form_data, settings
):
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    page = client.get("/en/volunteer/", REMOTE_ADDR=VENUE).content.decode()
    assert "data-altcha-challenge" in page
    assert "js/altcha-solver.js" in page
    assert re.search(r'<img src="/captcha/image/\w+/"', page)  # drawn by this site
    response = post(client, form_data(email="bot@example.org"))
    assert response.status_code == 200
    assert "Type the letters you see in the picture" in response.content.decode()
    assert not VolunteerApplication.objects.filter(email="bot@example.org").exists()
    # Another network is not affected.
    other = client.get("/en/volunteer/", REMOTE_ADDR="198.51.100.1").content.decode()
    assert "data-altcha-challenge" not in other


def test_the_challenge_page_keeps_to_the_strict_csp(client, form_data, settings):
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    response = client.get("/en/volunteer/", REMOTE_ADDR=VENUE)
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))  # no inline script
    assert " style=" not in page and "<style" not in page


def test_without_javascript_the_captcha_letters_pass(client, form_data, settings):
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    page = client.get("/en/volunteer/", REMOTE_ADDR=VENUE).content.decode()
    key = captcha_key(page)
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = form_data(email="person@example.org", captcha_0=key, captcha_1=answer.upper())
    assert post(client, data).status_code == 302
    assert VolunteerApplication.objects.filter(email="person@example.org").exists()


def test_wrong_captcha_letters_are_refused_with_a_new_picture(client, form_data, settings):
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    key = captcha_key(client.get("/en/volunteer/", REMOTE_ADDR=VENUE).content.decode())
    response = post(client, form_data(email="p@example.org", captcha_0=key, captcha_1="zzzzz"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Those were not the letters" in page
    assert captcha_key(page) != key
    assert not CaptchaStore.objects.filter(hashkey=key).exists()  # one try per picture
    assert not VolunteerApplication.objects.filter(email="p@example.org").exists()


def test_a_solved_proof_of_work_passes_once(client, form_data, settings):
    settings.VOLUNTEER_CHALLENGE_MAX_NUMBER = 2000  # a quick puzzle for the test
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    page = client.get("/en/volunteer/", REMOTE_ADDR=VENUE).content.decode()
    payload = challenge.solve(challenge_of(page))
    assert post(client, form_data(email="js@example.org", altcha=payload)).status_code == 302
    assert VolunteerApplication.objects.filter(email="js@example.org").exists()
    # The same solution again (a bot replaying it) is not accepted.
    response = post(client, form_data(email="replay@example.org", altcha=payload))
    assert response.status_code == 200
    assert not VolunteerApplication.objects.filter(email="replay@example.org").exists()


def test_a_forged_proof_of_work_is_refused(client, form_data, settings):
    settings.VOLUNTEER_CHALLENGE_MAX_NUMBER = 2000
    fill_address(client, form_data, settings.VOLUNTEER_CHALLENGE_AFTER)
    forged = challenge.new_challenge()
    forged["signature"] = "0" * 64
    payload = challenge.solve(forged)
    assert post(client, form_data(email="forged@example.org", altcha=payload)).status_code == 200
    assert not VolunteerApplication.objects.filter(email="forged@example.org").exists()


def test_the_per_email_limit_stores_and_sends_nothing_more(client, form_data, mailoutbox):
    for n in range(3):  # VOLUNTEER_EMAIL_RATE = 3/d: the first and two changes
        address = f"198.51.100.{n + 1}"
        response = post(client, form_data(full_name=f"Name {'abc'[n]}"), address=address)
        assert response.status_code == 302
    deliveries = EmailDelivery.objects.count()
    response = post(client, form_data(full_name="Flood"), address="198.51.100.9")
    assert (response.status_code, response["Location"]) == (302, "/en/volunteer/thanks/")
    assert EmailDelivery.objects.count() == deliveries
    application = VolunteerApplication.objects.get()
    assert application.pending_change.data["full_name"] == "Name c"


def test_120_people_at_one_venue_all_sign_up_through_the_event_link(client, form_data, link):
    path = link.get_absolute_url()
    page = client.get(path, REMOTE_ADDR=VENUE).content.decode()
    assert "Regional conference on safe migration" in page
    assert f'action="{path}"' in page
    for n in range(120):
        response = post(client, form_data(email=f"guest{n}@example.org"), path=path)
        assert response.status_code == 302, n
    stored = VolunteerApplication.objects.filter(email__startswith="guest")
    assert stored.count() == 120
    assert set(stored.values_list("signup_event", flat=True)) == {link.conference_id}
    # The 121st, without the link from the same network, meets the challenge or the bound.
    page = client.get("/en/volunteer/", REMOTE_ADDR=VENUE)
    assert page.status_code == 200
    assert "data-altcha-challenge" in page.content.decode()
    response = post(client, form_data(email="bot@example.org"))
    assert response.status_code in (200, 429)
    assert not VolunteerApplication.objects.filter(email="bot@example.org").exists()


def test_an_event_link_has_its_own_daily_limit(client, form_data, link):
    link.daily_limit = 2
    link.save()
    path = link.get_absolute_url()
    for n in range(2):
        assert post(client, form_data(email=f"g{n}@example.org"), path=path).status_code == 302
    assert post(client, form_data(email="g3@example.org"), path=path).status_code == 429
    # Another network on the same link is held to the same (the link's) limit.
    other = post(client, form_data(email="g4@example.org"), path=path, address="198.51.100.4")
    assert other.status_code == 429


def test_an_expired_or_unknown_event_link(client, link):
    assert client.get("/en/volunteer/event/not-a-token/").status_code == 404
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    response = client.get(link.get_absolute_url())
    assert (response.status_code, response["Location"]) == (302, "/en/volunteer/")


def test_a_coordinator_makes_a_link_and_prints_its_qr_code(client, django_user_model, settings):
    settings.PINA_REQUIRE_2FA = False
    user = django_user_model.objects.create_user("coord", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Volunteer coordinators"))
    client.force_login(user)
    conference = ConferenceFactory(title_en="Youth forum")
    response = client.post(
        "/admin/volunteers/eventsignuplink/add/",
        {
            "conference": conference.pk,
            "expires_at_0": "2099-01-01",
            "expires_at_1": "10:00:00",
            "daily_limit": 500,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = EventSignupLink.objects.get()
    assert link.created_by == user
    printed = client.get(f"/admin/volunteers/eventsignuplink/{link.pk}/print/")
    text = printed.content.decode()
    assert "Youth forum" in text
    assert settings.SITE_URL + link.get_absolute_url() in text
    qr = client.get(f"/admin/volunteers/eventsignuplink/{link.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")


def test_coordinators_see_where_the_volunteer_signed_up(admin_client, form_data, link):
    admin_client.post(link.get_absolute_url(), form_data(), REMOTE_ADDR=VENUE)
    application = VolunteerApplication.objects.get()
    page = admin_client.get(application.get_admin_url()).content.decode()
    assert "Signed up at" in page
    assert "Regional conference on safe migration" in page


def test_stamps_still_work_with_the_link(client, form_data, link):
    # The ordinary checks apply through a link too: a too-quick post is sent back.
    data = form_data(form_stamp=stamp(seconds_ago=0))
    response = post(client, data, path=link.get_absolute_url())
    assert response.status_code == 200
    assert VolunteerApplication.objects.count() == 0
