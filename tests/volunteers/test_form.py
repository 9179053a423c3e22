"""The form page and its validation matrix: what a visitor sees, types and gets back."""

import re

import pytest

from volunteers.models import MOTIVATION_MAX_LENGTH, VolunteerApplication

pytestmark = pytest.mark.django_db

REQUIRED = {
    "full_name": "Enter your full name.",
    "email": "Enter your e-mail address.",
    "country": "Choose the country you live in.",
    "city": "Enter the city or town you live in.",
    "languages": "Tick at least one language you speak.",
    "interests": "Tick at least one area where you would like to help.",
    "availability": "Choose how much time you could give.",
    "motivation": "Tell us in a few words why you would like to volunteer.",
    "consent": "You need to agree to the processing of your data to apply.",
}

LIMITS = {
    "full_name": 150,
    "email": 254,
    "phone": 32,
    "city": 100,
    "motivation": 1500,
    "heard_about": 200,
}


def test_form_page_renders_with_every_field(client):
    response = client.get("/en/volunteer/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in [*REQUIRED, "phone", "heard_about"]:
        assert f'name="{name}"' in html, name
    assert "Volunteer with PINA" in html
    assert "we would love to have you as part of our volunteer team" in html
    assert response["Cache-Control"].startswith("max-age=0")  # never cached: CSRF + stamp
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="form_stamp"' in html


def test_the_empty_form_fields_come_from_the_fragment_cache_and_follow_edits(client, settings):
    from unittest import mock

    from volunteers.forms import VolunteerApplicationForm
    from volunteers.models import InterestArea

    assert settings.FRAGMENT_CACHE_ENABLED
    first = client.get("/en/volunteer/").content.decode()
    with mock.patch.object(
        VolunteerApplicationForm, "visible_groups", side_effect=AssertionError("rendered again")
    ):
        second = client.get("/en/volunteer/").content.decode()
    fields = re.compile(r'<div class="field.*</fieldset>', re.S)
    assert fields.search(second).group() == fields.search(first).group()
    assert second.count('name="form_stamp"') == 1 and 'name="csrfmiddlewaretoken"' in second

    option = InterestArea.objects.filter(is_active=True).first()
    option.name_en = "Helping at night shelters"
    option.save()
    assert "Helping at night shelters" in client.get("/en/volunteer/").content.decode()


def test_a_form_with_errors_is_rendered_afresh_with_what_was_typed(client, form_data):
    client.get("/en/volunteer/")  # the empty form's fields are now cached
    response = client.post("/en/volunteer/", form_data(city="", full_name="Aziza"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Aziza"' in html
    assert "Enter the city or town you live in." in html


def test_form_page_obeys_the_content_security_policy(client):
    html = client.get("/en/volunteer/").content.decode()
    assert "style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the counter script is linked"
    assert any('src="/static/js/volunteer-form.js"' in attributes for attributes, _ in scripts)
    for attributes, body in scripts:
        assert 'src="/static/js/' in attributes
        assert body.strip() == ""


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get("/en/volunteer/").content.decode()
    wrapper = re.search(r'<div class="contact-extra" aria-hidden="true">(.*?)</div>', html, re.S)
    assert wrapper, "honeypot wrapper is aria-hidden"
    assert 'name="referral_code"' in wrapper.group(1)
    assert 'tabindex="-1"' in wrapper.group(1)
    with open("static/css/site.css", encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert re.search(r"\.contact-extra \{[^}]*left: -10000px", css)


def test_countries_central_asia_first_in_the_visitors_language(client):
    html = client.get("/uz/volunteer/").content.decode()
    group = re.search(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    codes = re.findall(r'value="([A-Z]{2})"', group.group(2))
    assert codes == ["UZ", "KZ", "KG", "TJ", "TM"]
    assert "Oʻzbekiston" in group.group(2)
    ru = client.get("/ru/volunteer/").content.decode()
    assert "Казахстан" in ru and "Германия" in ru


def test_motivation_limit_works_without_javascript(client):
    html = client.get("/en/volunteer/").content.decode()
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert f'maxlength="{MOTIVATION_MAX_LENGTH}"' in textarea
    assert 'aria-describedby="id_motivation_hint"' in textarea
    assert f"At most {MOTIVATION_MAX_LENGTH} characters." in html


def test_a_valid_submission_is_saved_and_redirected(submit, form_data):
    response = submit(form_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/volunteer/thanks/"
    application = VolunteerApplication.objects.get()
    assert application.full_name == "Dilnoza Karimova"
    assert str(application.phone) == "+998901234567"
    assert application.country.code == "UZ"
    assert sorted(application.languages.values_list("code", flat=True)) == ["ru", "uz"]
    assert sorted(application.interests.values_list("code", flat=True)) == ["awareness", "events"]
    assert application.status == "new"
    assert application.language == "en"
    assert application.consented_at is not None
    assert application.email_confirmed_at is None


@pytest.mark.parametrize("field", list(REQUIRED))
def test_each_required_field_missing(client, form_data, field):
    data = form_data(**{field: None})
    data["city"] = data.get("city") or ""
    response = client.post("/en/volunteer/", data)
    assert response.status_code == 200
    html = response.content.decode()
    message = REQUIRED[field]
    assert html.count(message) == 2, "in the summary at the top and next to the field"
    assert f'id="id_{field}_error"' in html
    assert VolunteerApplication.objects.count() == 0


@pytest.mark.parametrize("field", list(LIMITS))
def test_each_field_too_long(client, form_data, field):
    limit = LIMITS[field]
    value = "a" * (limit + 1)
    if field == "email":
        value = "a" * (limit - 11) + "@example.org"
    elif field == "phone":
        value = "+" + "1" * limit
    response = client.post("/en/volunteer/", form_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert VolunteerApplication.objects.count() == 0


def test_errors_are_tied_to_their_fields_and_typed_values_are_kept(client, form_data):
    data = form_data(email="not-an-email", consent=None)
    response = client.post("/en/volunteer/", data)
    html = response.content.decode()
    email_input = re.search(r'<input type="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_hint id_email_error"' in email_input
    assert 'value="not-an-email"' in email_input
    assert 'href="#id_email"' in html  # the summary links to the field
    assert "Enter an e-mail address like name@example.org." in html
    # Everything else typed is still there.
    assert 'value="Dilnoza Karimova"' in html
    assert 'value="Bukhara"' in html
    assert "I would like to help young people learn how to migrate safely." in html
    assert re.search(r'value="weekly"[^>]*checked', html)
    assert re.search(r'<option value="UZ" selected>', html)
    assert "<title>Error:" in html


def test_grouped_fields_describe_their_errors_on_the_fieldset(client, form_data):
    html = client.post("/en/volunteer/", form_data(languages=None)).content.decode()
    assert 'aria-describedby="id_languages_hint id_languages_error"' in html
    assert 'href="#id_languages_0"' in html


def test_errors_are_in_the_visitors_language(client, form_data):
    html = client.post("/ru/volunteer/", form_data(full_name="")).content.decode()
    assert "Укажите ваше полное имя." in html
    uz = client.post("/uz/volunteer/", form_data(full_name="")).content.decode()
    assert "Toʻliq ismingizni kiriting." in uz


@pytest.mark.parametrize(
    "name",
    [
        "Дилноза Каримова",
        "Gʻulom Oʻrinboyev",
        "Maʼruf Saʼdullayev",
        "O'Connor-Smith",
        "Жанар Әбдірахманқызы",
        "Фарруҳ Ҷалолов",
        "Anne-Marie d’Arc",
        "J. R. Tolkien",
        "Zoë Ångström",
        "李小龍",
    ],
)
def test_names_in_any_script_are_accepted(submit, form_data, name):
    response = submit(form_data(full_name=f"  {name}  "))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert VolunteerApplication.objects.get().full_name == name


@pytest.mark.parametrize(
    "name", ["R2-D2", "<script>alert(1)</script>", "@dilnoza", "---", "Name\u0000Null", "😀"]
)
def test_names_that_are_not_names_are_refused(client, form_data, name):
    response = client.post("/en/volunteer/", form_data(full_name=name))
    assert response.status_code == 200
    assert 'id="id_full_name_error"' in response.content.decode()
    assert VolunteerApplication.objects.count() == 0


def test_whitespace_in_names_is_tidied(submit, form_data):
    submit(form_data(full_name="  Dilnoza \t  Karimova ", city=" Samarqand  "))
    application = VolunteerApplication.objects.get()
    assert application.full_name == "Dilnoza Karimova"
    assert application.city == "Samarqand"


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("  Dilnoza.K@EXAMPLE.ORG ", "Dilnoza.K@example.org"),
        ("user@Mail.Ru", "user@mail.ru"),
    ],
)
def test_email_is_normalized(submit, form_data, typed, stored):
    assert submit(form_data(email=typed)).status_code == 302
    application = VolunteerApplication.objects.get()
    assert application.email == stored
    assert application.email_key == stored.lower()


@pytest.mark.parametrize(
    "email", ["plainaddress", "a@", "@example.org", "a b@example.org", "a@example..org"]
)
def test_bad_email_is_refused(client, form_data, email):
    html = client.post("/en/volunteer/", form_data(email=email)).content.decode()
    assert "Enter an e-mail address like name@example.org." in html
    assert VolunteerApplication.objects.count() == 0


@pytest.mark.parametrize(
    "typed,country,stored",
    [
        ("+998 90 123 45 67", "UZ", "+998901234567"),
        ("90 123 45 67", "UZ", "+998901234567"),  # national number: the country gives the code
        ("+7 701 123 4567", "UZ", "+77011234567"),
        ("8 (701) 123-45-67", "KZ", "+77011234567"),
        ("", "UZ", ""),
    ],
)
def test_phone_is_stored_in_international_format(submit, form_data, typed, country, stored):
    assert submit(form_data(phone=typed, country=country)).status_code == 302
    assert str(VolunteerApplication.objects.get().phone or "") == stored


@pytest.mark.parametrize("phone", ["12", "not a phone", "+998 12", "+1 555 0000 0000 0000"])
def test_bad_phone_is_refused(client, form_data, phone):
    html = client.post("/en/volunteer/", form_data(phone=phone)).content.decode()
    assert "Enter a valid phone number with its country code" in html
    assert f'value="{phone}"' in html
    assert VolunteerApplication.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"country": "XX"},
        {"languages": ["99999"]},
        {"languages": ["abc"]},
        {"interests": ["-1"]},
        {"availability": "always"},
        {"consent": "maybe-not"},
        {"motivation": "Hello\x07bell"},
    ],
)
def test_malformed_values_get_a_message_not_a_500(client, form_data, changes):
    response = client.post("/en/volunteer/", form_data(**changes))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert 'class="error-summary"' in response.content.decode()


def test_motivation_line_breaks_count_once(submit, form_data):
    # 1,500 characters as the browser counts them, submitted with CRLF line breaks.
    text = ("x" * 49 + "\n") * 30
    assert len(text.strip()) <= MOTIVATION_MAX_LENGTH
    response = submit(form_data(motivation=text.replace("\n", "\r\n")))
    assert response.status_code == 302
    assert "\r" not in VolunteerApplication.objects.get().motivation


def test_motivation_too_long_says_by_how_much(client, form_data):
    html = client.post("/en/volunteer/", form_data(motivation="x" * 1600)).content.decode()
    assert "Use at most 1500 characters (you used 1600)." in html
    assert "x" * 1600 in html  # kept, so nothing typed is lost


def test_inactive_choices_are_not_offered(client):
    from volunteers.models import InterestArea

    InterestArea.objects.filter(code="research").update(is_active=False)
    html = client.get("/en/volunteer/").content.decode()
    assert "Research" not in html
    assert "Legal aid" in html


def test_consent_links_to_the_privacy_notice_in_the_same_language(client):
    html = client.get("/ru/volunteer/").content.decode()
    assert 'href="/ru/privacy/"' in html


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_country_accepts_exactly_the_codes_it_offers(language):
    from django.utils import translation

    from volunteers.forms import VolunteerApplicationForm, country_choices

    with translation.override(language):
        offered = {code for _group, options in country_choices()[1:] for code, _name in options}
        field = VolunteerApplicationForm().fields["country"]
    assert len(offered) > 240
    assert all(field.valid_value(code) for code in offered)
    for value in ["XX", "uz", "UZ ", "", "Uzbekistan"]:
        assert not field.valid_value(value), value


def test_unknown_country_is_refused_next_to_the_field(client, form_data):
    html = client.post("/en/volunteer/", form_data(country="XX")).content.decode()
    assert re.search(r'id="id_country_error"[^>]*>.*Choose a country from the list\.', html, re.S)
    assert VolunteerApplication.objects.count() == 0
