"""The staff home page (the admin index, pina.security.staff_home): each user sees the counts
of what is theirs to do, each linking to the filtered list, and nothing of a list they may not
open."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.factories import ConferenceFactory, QuoteFactory
from tests.news.factories import PostFactory
from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers.models import EmailDelivery, VolunteerApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    PostFactory(draft=True)
    PostFactory(draft=True, title_ru="Черновик", lead_ru="Лид.", body_ru="<p>Текст.</p>")
    PostFactory(scheduled=True)
    PostFactory(published_at=timezone.now() - timedelta(days=3))
    ConferenceFactory(body_en="<p>Report.</p>")
    QuoteFactory()
    new, contacted = VolunteerApplicationFactory(), VolunteerApplicationFactory()
    contacted.status = VolunteerApplication.Status.CONTACTED
    contacted.save()
    for state in (
        EmailDelivery.State.FAILED,
        EmailDelivery.State.PENDING,
        EmailDelivery.State.SENT,
    ):
        EmailDelivery.objects.create(
            application=new, kind=EmailDelivery.Kind.CONFIRMATION, state=state
        )


def tasks(page) -> dict[str, tuple[int, str]]:
    """{label: (count, link)} of the page's to-do list."""
    section = page.split('id="staff-tasks"', 1)[1].split('id="content-main"', 1)[0]
    return {
        label: (int(count), link.replace("&amp;", "&"))
        for link, label, count in re.findall(
            r'<a href="([^"]+)">([^<]+)</a></th>\s*<td class="staff-task-count">(\d+)</td>',
            section,
        )
    }


def test_an_editor_sees_drafts_scheduled_posts_and_translations(client, editor, work):
    client.force_login(editor)
    found = tasks(client.get("/admin/").content.decode())
    assert found["Drafts"] == (2, "/admin/news/post/?state=draft")
    assert found["Scheduled posts"] == (1, "/admin/news/post/?state=scheduled")
    assert found["Posts: missing Russian"] == (3, "/admin/news/post/?translation=missing-ru")
    assert found["Posts: missing Uzbek"] == (4, "/admin/news/post/?translation=missing-uz")
    assert found["Conferences: missing Russian"][0] == 2  # the quote's conference too
    assert found["Quotes: missing Uzbek"] == (1, "/admin/events/quote/?translation=missing-uz")
    assert found["People: missing Russian"][0] == 1
    assert "New applications" not in found
    assert "E-mails not delivered" not in found
    # Every link opens the list it counts, with the same number of rows.
    for count, link in found.values():
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.content.decode().count('class="action-select"') == count, link


def test_a_coordinator_sees_applications_and_the_outbox_only(client, coordinator, work):
    client.force_login(coordinator)
    page = client.get("/admin/").content.decode()
    found = tasks(page)
    assert set(found) == {"New applications", "E-mails not delivered"}
    assert found["New applications"] == (
        1,
        "/admin/volunteers/volunteerapplication/?status__exact=new",
    )
    count, link = found["E-mails not delivered"]
    assert count == 2
    response = client.get(link)
    assert response.status_code == 200
    rows = set(
        re.findall(
            r'href="/admin/volunteers/emaildelivery/(\d+)/change/', response.content.decode()
        )
    )
    assert len(rows) == 2
    assert "Drafts" not in page
    assert "To translate" not in page


def test_a_superuser_sees_every_task(client, superuser, work):
    client.force_login(superuser)
    found = tasks(client.get("/admin/").content.decode())
    assert {"Drafts", "Scheduled posts", "New applications", "E-mails not delivered"} <= set(found)
    assert sum(1 for label in found if "missing" in label) == 10  # five models, two languages


def test_a_staff_member_without_permissions_sees_no_task(client, django_user_model, work):
    user = django_user_model.objects.create_user("intern", "i@example.org", "x", is_staff=True)
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    assert 'id="staff-tasks"' not in page


def test_the_list_is_in_the_users_language(client, editor, work):
    client.force_login(editor)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    found = tasks(page)
    assert "Черновики" in found
    assert any(label.startswith("Публикации") for label in found)


def test_admin_titles_name_the_model_in_the_accusative(client, superuser):
    """Django's "Change %s" with a nominative name read "Изменить заявка волонтёра"."""
    application = VolunteerApplicationFactory()
    client.force_login(superuser)
    russian = {"HTTP_ACCEPT_LANGUAGE": "ru"}
    page = client.get(
        f"/admin/volunteers/volunteerapplication/{application.pk}/change/", **russian
    ).content.decode()
    assert "<h1>Изменить заявку волонтёра</h1>" in page
    assert "Изменить заявка" not in page
    page = client.get("/admin/news/post/add/", **russian).content.decode()
    assert "<h1>Добавить публикацию</h1>" in page
    page = client.get("/admin/auth/group/", **russian).content.decode()
    assert "<h1>Выберите группу для изменения</h1>" in page
    page = client.get("/admin/news/post/", HTTP_ACCEPT_LANGUAGE="uz").content.decode()
    assert "<h1>Oʻzgartirish uchun maqolani tanlang</h1>" in page
    # English keeps Django's titles.
    page = client.get(f"/admin/volunteers/volunteerapplication/{application.pk}/change/")
    assert "<h1>Change volunteer application</h1>" in page.content.decode()


def test_the_uzbek_admin_is_in_uzbek_with_the_sites_apostrophes(client, superuser):
    """Django's Uzbek catalogue leaves "Groups" and "Users" in English and writes o' with an
    ASCII apostrophe; pina/locale_admin completes and corrects it."""
    client.force_login(superuser)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="uz").content.decode()
    assert ">Guruhlar<" in page
    assert ">Foydalanuvchilar<" in page
    assert "Qoʻshish" in page
    assert "Qo'shish" not in page
    assert ">Groups<" not in page
