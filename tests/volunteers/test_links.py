"""The confirmation and withdrawal links in the volunteer's e-mail."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from volunteers import tokens
from volunteers.models import EmailDelivery, VolunteerApplication

from .factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return VolunteerApplicationFactory(
        full_name="Malika Yusupova",
        email="malika@example.org",
        city="Andijan",
        phone="+998935556677",
        coordinator_notes="Call after 6 pm",
        heard_about="Instagram",
    )


def confirm_url(application, language="en"):
    return f"/{language}/volunteer/confirm/{tokens.make_token(application, tokens.CONFIRM)}/"


def withdraw_url(application, language="en"):
    return f"/{language}/volunteer/withdraw/{tokens.make_token(application, tokens.WITHDRAW)}/"


def test_the_link_from_the_email_confirms(submit, form_data, client, mailoutbox, settings):
    settings.SITE_URL = "https://pina.example.org"
    submit(form_data())
    link = re.search(
        r"https://pina\.example\.org(/en/volunteer/confirm/\S+/)", mailoutbox[0].body
    ).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert "Your e-mail address is confirmed" in response.content.decode()
    assert VolunteerApplication.objects.get().is_email_confirmed


def test_confirming_twice_keeps_the_first_time(client, application):
    client.get(confirm_url(application))
    first = VolunteerApplication.objects.get().email_confirmed_at
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert client.get(confirm_url(application)).status_code == 200
    assert VolunteerApplication.objects.get().email_confirmed_at == first


def test_expired_link_explains_and_offers_a_new_one(
    client, application, django_capture_on_commit_callbacks, mailoutbox
):
    url = confirm_url(application)
    with time_machine.travel(timezone.now() + tokens.CONFIRMATION_MAX_AGE + timedelta(hours=1)):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "This link has expired" in html
        assert "Confirmation links work for 3 days." in html
        assert not VolunteerApplication.objects.get().is_email_confirmed
        with django_capture_on_commit_callbacks(execute=True):
            resent = client.post(url + "new-link/")
    assert resent.status_code == 200
    assert "We have sent you a new link" in resent.content.decode()
    assert EmailDelivery.objects.filter(kind="confirmation", state="sent").count() == 1
    assert mailoutbox[0].to == ["malika@example.org"]


def test_expired_page_in_russian(client, application):
    url = confirm_url(application, "ru")
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        html = client.get(url).content.decode()
    assert "Срок действия ссылки истёк" in html


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-3] + "abc",
        lambda t: "x" + t,
        lambda t: t.replace(":", ""),
        lambda t: "not-a-token",
        lambda t: "A" * 400,
    ],
)
def test_tampered_link_gets_a_clear_page(client, application, mangle):
    token = mangle(tokens.make_token(application, tokens.CONFIRM))
    response = client.get(f"/en/volunteer/confirm/{token}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link does not work" in html
    assert 'class="site-header"' in html
    assert not VolunteerApplication.objects.get().is_email_confirmed


def test_a_withdrawal_token_does_not_confirm(client, application):
    token = tokens.make_token(application, tokens.WITHDRAW)
    assert client.get(f"/en/volunteer/confirm/{token}/").status_code == 400


def test_a_token_for_another_address_does_not_work(client, application):
    token = tokens.make_token(application, tokens.CONFIRM)
    VolunteerApplication.objects.filter(pk=application.pk).update(email_key="someone@else.org")
    assert client.get(f"/en/volunteer/confirm/{token}/").status_code == 400


def test_resend_refuses_bad_tokens(client):
    assert client.post("/en/volunteer/confirm/garbage/new-link/").status_code == 400


def test_withdraw_link_asks_first(client, application):
    response = client.get(withdraw_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Withdraw and erase my data" in html
    assert '<form method="post">' in html
    # Following the link (as mail scanners do) erases nothing.
    assert VolunteerApplication.objects.get().full_name == "Malika Yusupova"


def test_withdrawal_erases_personal_data_at_once(client, application, superuser):
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[application], action_flag=CHANGE, change_message="x"
    )
    EmailDelivery.objects.create(application=application, kind="confirmation")
    response = client.post(withdraw_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your application is withdrawn" in html
    assert "Your personal data has been erased." in html
    erased = VolunteerApplication.objects.get()
    assert erased.status == "withdrawn"
    assert erased.anonymized_at is not None
    for field in ("full_name", "email", "city", "motivation", "heard_about", "coordinator_notes"):
        assert getattr(erased, field) == "", field
    assert not erased.phone
    assert erased.email_key is None
    # What counts stays, for statistics.
    assert erased.country.code == "UZ"
    assert erased.languages.count() == 2
    # Nothing waits to be sent, and the admin history no longer names the person.
    assert set(erased.deliveries.values_list("state", flat=True)) == {"cancelled"}
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(VolunteerApplication)
    )
    assert "Malika" not in entry.object_repr
    assert str(erased.pk) in entry.object_repr


def test_withdrawing_again_says_it_is_done(client, application):
    url = withdraw_url(application)
    client.post(url)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 200
        assert "already withdrawn" in response.content.decode()


def test_withdrawal_link_does_not_expire(client, application):
    url = withdraw_url(application)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        assert client.post(url).status_code == 200
    assert VolunteerApplication.objects.get().is_anonymized


def test_tampered_withdrawal_link_erases_nothing(client, application):
    url = withdraw_url(application)
    response = client.post(url.replace("/withdraw/", "/withdraw/x"))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert VolunteerApplication.objects.get().full_name == "Malika Yusupova"


def test_confirmation_after_withdrawal(client, application):
    confirm = confirm_url(application)
    client.post(withdraw_url(application))
    response = client.get(confirm)
    assert response.status_code == 200
    assert "This application was withdrawn" in response.content.decode()


def test_link_pages_are_not_cached_or_indexed(client, application):
    response = client.get(withdraw_url(application))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
