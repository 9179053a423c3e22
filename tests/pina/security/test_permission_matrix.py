"""Who may do what in the back office, over EVERY model registered in the admin and every
staff-only address outside it, for anonymous visitors, Editors, Volunteer coordinators and
superusers.

The expected answers are declared in the tables below (`ADMIN_MATRIX`, `STAFF_URLS`); the test
reads the real answers over HTTP. A model registered without a row here, or a permission granted
or withdrawn by a migration, fails the test until the table is updated on purpose.

Letters in ADMIN_MATRIX: v = list and open (changelist, change page, history), a = add,
c = change (the change page has a Save button), d = delete (the confirmation page opens).
"""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from reversion import create_revision
from reversion.models import Version

from news.models import Post
from news.preview import preview_url
from pina.security.groups import EDITORS
from pina.site.models import SiteSettings
from tests.events.factories import (
    ConferenceFactory,
    HelplineFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
)
from tests.news.factories import CategoryFactory, PostFactory
from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers.models import (
    ApplicationAuditEntry,
    EmailDelivery,
    EventSignupLink,
    InterestArea,
    PrivacyNotice,
    SpokenLanguage,
    VolunteerPage,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "coordinator", "superuser"]

# model label: (Editors, Volunteer coordinators, superusers). Anonymous visitors: nothing, ever.
ADMIN_MATRIX = {
    # Accounts and security records: superusers only.
    "auth.group": ("", "", "vacd"),
    "auth.user": ("", "", "vacd"),
    "axes.accessattempt": ("", "", "vcd"),
    "axes.accesslog": ("", "", "vcd"),
    "axes.accessfailurelog": ("", "", "vcd"),
    "otp_totp.totpdevice": ("", "", "vacd"),
    "otp_static.staticdevice": ("", "", "vacd"),
    # The single site settings record: editors change it; nobody adds or deletes it.
    "pina.sitesettings": ("vc", "", "vc"),
    # Content: Editors do everything; coordinators nothing.
    "news.category": ("vacd", "", "vacd"),
    "news.post": ("vacd", "", "vacd"),
    "events.conference": ("vacd", "", "vacd"),
    "events.organization": ("vacd", "", "vacd"),
    "events.person": ("vacd", "", "vacd"),
    # The list of all quotes (to find those to translate); a quote is added with its conference.
    "events.quote": ("vcd", "", "vcd"),
    "events.helpline": ("vacd", "", "vacd"),
    # Personal data: coordinators; applications come from the public form only (no add).
    "volunteers.volunteerapplication": ("", "vcd", "vcd"),
    "volunteers.emaildelivery": ("", "v", "vd"),
    # Event sign-up links (QR codes for a conference's screen): coordinators make and end them.
    "volunteers.eventsignuplink": ("", "vacd", "vacd"),
    # The form's choices: coordinators add and rename them, and retire them instead of deleting.
    "volunteers.spokenlanguage": ("", "vac", "vacd"),
    "volunteers.interestarea": ("", "vac", "vacd"),
    # The volunteer pages' texts: both groups change them; nobody adds or deletes them.
    "volunteers.volunteerpage": ("vc", "vc", "vc"),
    "volunteers.privacynotice": ("vc", "vc", "vc"),
    # The audit trail: superusers read it and may delete it; nobody writes it by hand.
    "volunteers.applicationauditentry": ("", "", "v"),
}


def one_object(label, users):
    """An instance of each registered model, to open, change and delete."""
    now = timezone.now()
    makers = {
        "auth.group": lambda: Group.objects.get(name=EDITORS),
        "auth.user": lambda: users["editor"],
        "axes.accessattempt": lambda: AccessAttempt.objects.create(
            username="someone",
            ip_address="127.0.0.1",
            user_agent="test",
            attempt_time=now,
            failures_since_start=1,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/admin/login/",
        ),
        "axes.accesslog": lambda: AccessLog.objects.create(
            username="someone",
            ip_address="127.0.0.1",
            user_agent="test",
            attempt_time=now,
            http_accept="",
            path_info="/admin/login/",
        ),
        "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(
            username="someone",
            ip_address="127.0.0.1",
            user_agent="test",
            attempt_time=now,
            http_accept="",
            path_info="/admin/login/",
        ),
        "otp_totp.totpdevice": lambda: TOTPDevice.objects.create(
            user=users["superuser"], name="phone"
        ),
        "otp_static.staticdevice": lambda: StaticDevice.objects.create(
            user=users["superuser"], name="Recovery codes"
        ),
        "pina.sitesettings": SiteSettings.current,
        "news.category": CategoryFactory,
        "news.post": PostFactory,
        "events.conference": ConferenceFactory,
        "events.organization": OrganizationFactory,
        "events.person": PersonFactory,
        "events.quote": QuoteFactory,
        "events.helpline": HelplineFactory,
        "volunteers.volunteerapplication": VolunteerApplicationFactory,
        "volunteers.emaildelivery": lambda: EmailDelivery.objects.create(
            application=VolunteerApplicationFactory(), kind=EmailDelivery.Kind.CONFIRMATION
        ),
        "volunteers.eventsignuplink": lambda: EventSignupLink.objects.create(
            conference=ConferenceFactory()
        ),
        "volunteers.spokenlanguage": lambda: SpokenLanguage.objects.first(),
        "volunteers.interestarea": lambda: InterestArea.objects.first(),
        "volunteers.volunteerpage": VolunteerPage.current,
        "volunteers.privacynotice": PrivacyNotice.current,
        "volunteers.applicationauditentry": lambda: ApplicationAuditEntry.objects.create(
            username="coordinator", action="opened", application_ids=[1]
        ),
    }
    return makers[label]()


@pytest.fixture
def users(editor, coordinator, superuser):
    return {"anonymous": None, "editor": editor, "coordinator": coordinator, "superuser": superuser}


def login_as(client, users, role):
    client.logout()
    if users[role] is not None:
        client.force_login(users[role])


def test_every_admin_model_is_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MATRIX), (
        f"declare these in ADMIN_MATRIX: {sorted(registered - set(ADMIN_MATRIX))}; "
        f"no longer registered: {sorted(set(ADMIN_MATRIX) - registered)}"
    )


def expected_letters(label, role):
    if role == "anonymous":
        return ""
    return ADMIN_MATRIX[label][ROLES.index(role) - 1]


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def probe(client, label, obj):
    """What the signed-in (or anonymous) client can do with `obj`, read from the admin's pages."""
    app_label, model_name = label.split(".")
    base = f"/admin/{app_label}/{model_name}/"
    item = f"{base}{obj.pk}/"
    answers = {
        "list": client.get(base),
        "open": client.get(item + "change/"),
        "history": client.get(item + "history/"),
        "add": client.get(base + "add/"),
        "delete": client.get(item + "delete/"),
    }
    # A single-record admin's list goes straight to the record.
    if answers["list"].status_code == 302 and answers["list"]["Location"].startswith(base):
        answers["list"] = client.get(answers["list"]["Location"])
    if all(is_login_redirect(response) for response in answers.values()):
        return "login"
    for name, response in answers.items():
        assert response.status_code in (200, 403), (label, name, response.status_code)
    letters = ""
    viewable = {name: answers[name].status_code == 200 for name in ("list", "open", "history")}
    assert len(set(viewable.values())) == 1, (label, viewable)  # all three agree
    if viewable["open"]:
        letters += "v"
    if answers["add"].status_code == 200:
        letters += "a"
    if viewable["open"] and 'name="_save"' in answers["open"].content.decode():
        letters += "c"
    if answers["delete"].status_code == 200:
        letters += "d"
    return letters


@pytest.mark.parametrize("label", sorted(ADMIN_MATRIX))
def test_admin_permission_matrix(client, users, label):
    obj = one_object(label, users)
    found = {}
    for role in ROLES:
        login_as(client, users, role)
        found[role] = probe(client, label, obj)
    expected = {role: expected_letters(label, role) or "-" for role in ROLES}
    expected["anonymous"] = "login"
    found = {role: letters or "-" for role, letters in found.items()}
    assert found == expected


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_admin_index_lists_exactly_the_permitted_models(client, users, role):
    login_as(client, users, role)
    page = client.get("/admin/")
    assert page.status_code == 200
    body = page.content.decode()
    for label in ADMIN_MATRIX:
        app_label, model_name = label.split(".")
        listed = f'href="/admin/{app_label}/{model_name}/"' in body
        assert listed == bool(expected_letters(label, role)), (role, label)


def test_anonymous_visitors_get_the_login_page_for_the_admin_index(client):
    assert is_login_redirect(client.get("/admin/"))


# --- staff-only addresses outside the admin's model pages -------------------------------------


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("dot.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def staff_objects():
    category = CategoryFactory()
    draft = PostFactory(draft=True, category=category, title_en="A draft about shelters")
    scheduled = PostFactory(scheduled=True, category=category)
    with create_revision():
        draft.lead_en = "First version of the lead."
        draft.save()
    with create_revision():
        draft.lead_en = "Second version of the lead."
        draft.save()
    versions = sorted(Version.objects.get_for_object(draft).values_list("pk", flat=True))
    hidden = ConferenceFactory(is_published=False, title_en="Not yet announced meeting")
    application = VolunteerApplicationFactory()
    return {
        "draft": draft,
        "scheduled": scheduled,
        "versions": versions,
        "hidden": hidden,
        "application": application,
    }


# name: (method, address builder, {role: status}). 302 = to the admin login.
STAFF_URLS = {
    "admin index": (
        "get",
        lambda o: "/admin/",
        {"anonymous": 302, "editor": 200, "coordinator": 200, "superuser": 200},
    ),
    "two-factor page": (
        "get",
        lambda o: "/admin/two-factor/",
        {"anonymous": 302, "editor": 200, "coordinator": 200, "superuser": 200},
    ),
    # Coordinators edit the volunteer page's rich text, so they may upload images too.
    "editor image upload": (
        "upload",
        lambda o: "/editor/upload/",
        {"anonymous": 403, "editor": 200, "coordinator": 200, "superuser": 200},
    ),
    "volunteer CSV export": (
        "get",
        lambda o: "/admin/volunteers/volunteerapplication/export/",
        {"anonymous": 302, "editor": 403, "coordinator": 200, "superuser": 200},
    ),
    "volunteer application history": (
        "get",
        lambda o: f"/admin/volunteers/volunteerapplication/{o['application'].pk}/history/",
        {"anonymous": 302, "editor": 403, "coordinator": 200, "superuser": 200},
    ),
    "draft post at its public address": (
        "get",
        lambda o: f"/en/news/{o['draft'].slug_en}/",
        {"anonymous": 404, "editor": 200, "coordinator": 404, "superuser": 200},
    ),
    "scheduled post at its public address": (
        "get",
        lambda o: f"/en/news/{o['scheduled'].slug_en}/",
        {"anonymous": 404, "editor": 200, "coordinator": 404, "superuser": 200},
    ),
    # A signed link is for reviewers without an account: whoever holds it may read the draft.
    "signed preview link of a draft": (
        "get",
        lambda o: preview_url(o["draft"]),
        {"anonymous": 200, "editor": 200, "coordinator": 200, "superuser": 200},
    ),
    "forged preview link": (
        "get",
        lambda o: "/en/news/preview/eyJwb3N0IjoxfQ:forged:signature/",
        {"anonymous": 404, "editor": 404, "coordinator": 404, "superuser": 404},
    ),
    "unpublished conference": (
        "get",
        lambda o: f"/en/conferences/{o['hidden'].slug}/",
        {"anonymous": 404, "editor": 200, "coordinator": 404, "superuser": 200},
    ),
    "unpublished conference calendar": (
        "get",
        lambda o: f"/en/conferences/{o['hidden'].slug}/calendar.ics",
        {"anonymous": 404, "editor": 200, "coordinator": 404, "superuser": 200},
    ),
    "post history": (
        "get",
        lambda o: f"/admin/news/post/{o['draft'].pk}/history/",
        {"anonymous": 302, "editor": 200, "coordinator": 403, "superuser": 200},
    ),
    "post versions compared": (
        "get",
        lambda o: (
            f"/admin/news/post/{o['draft'].pk}/history/compare/"
            f"?version_id1={o['versions'][0]}&version_id2={o['versions'][1]}"
        ),
        {"anonymous": 302, "editor": 200, "coordinator": 403, "superuser": 200},
    ),
    "post old version": (
        "get",
        lambda o: f"/admin/news/post/{o['draft'].pk}/history/{o['versions'][0]}/",
        {"anonymous": 302, "editor": 200, "coordinator": 403, "superuser": 200},
    ),
    "deleted posts to recover": (
        "get",
        lambda o: "/admin/news/post/recover/",
        {"anonymous": 302, "editor": 200, "coordinator": 403, "superuser": 200},
    ),
    "audit trail": (
        "get",
        lambda o: "/admin/volunteers/applicationauditentry/",
        {"anonymous": 302, "editor": 403, "coordinator": 403, "superuser": 200},
    ),
}


def request_as(client, method, url):
    if method == "upload":
        return client.post(url, {"upload": png_upload()})
    return client.get(url)


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_only_addresses(client, users, staff_objects, name):
    method, address, expected = STAFF_URLS[name]
    url = address(staff_objects)
    found = {}
    for role in ROLES:
        login_as(client, users, role)
        response = request_as(client, method, url)
        found[role] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), (role, response["Location"])
    assert found == expected


def test_a_staff_account_without_permissions_cannot_upload(client, django_user_model):
    bare = django_user_model.objects.create_user("bare", "bare@example.org", "x", is_staff=True)
    client.force_login(bare)
    response = client.post("/editor/upload/", {"upload": png_upload()})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_without_the_second_factor_nothing_staff_only_opens(
    client, users, staff_objects, role, settings
):
    """PINA_REQUIRE_2FA on: a session that did not give the code is an anonymous visitor for the
    drafts and a refused one for the admin, the export and the upload."""
    settings.PINA_REQUIRE_2FA = True
    login_as(client, users, role)
    o = staff_objects
    assert client.get(f"/en/news/{o['draft'].slug_en}/").status_code == 404
    assert client.get(f"/en/conferences/{o['hidden'].slug}/").status_code == 404
    assert is_login_redirect(client.get("/admin/volunteers/volunteerapplication/export/"))
    assert client.post("/editor/upload/", {"upload": png_upload()}).status_code == 403
    assert not ApplicationAuditEntry.objects.exists()


def test_published_content_stays_public_for_everyone(client, users):
    post = PostFactory(published_at=timezone.now() - timedelta(days=1))
    assert Post.objects.published().filter(pk=post.pk).exists()
    for role in ROLES:
        login_as(client, users, role)
        assert client.get(f"/en/news/{post.slug_en}/").status_code == 200
