"""The coordinators' admin: who sees what, the list, the workflow, the export."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.utils import timezone

from volunteers.admin import LargeTablePaginator
from volunteers.export import neutralize
from volunteers.models import VolunteerApplication

from .factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/volunteers/volunteerapplication/"
EXPORT = "/admin/volunteers/volunteerapplication/export/"


def change_url(application):
    return f"{CHANGELIST}{application.pk}/change/"


def post_change(client, application, **fields):
    """POST the change form as the browser does, with the e-mail inline's management form."""
    count = application.deliveries.count()
    data = {
        "deliveries-TOTAL_FORMS": str(count),
        "deliveries-INITIAL_FORMS": str(count),
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "0",
        "coordinator_notes": "",
        **fields,
    }
    return client.post(change_url(application), data)


@pytest.fixture
def application():
    return VolunteerApplicationFactory(full_name="Шахноза Алиева", city="Ташкент")


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("editor", 403), ("coordinator", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("page", ["changelist", "change", "export", "history", "deliveries"])
def test_permission_matrix(client, request, application, who, expected, page):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = {
        "changelist": CHANGELIST,
        "change": change_url(application),
        "export": EXPORT,
        "history": f"{CHANGELIST}{application.pk}/history/",
        "deliveries": "/admin/volunteers/emaildelivery/",
    }[page]
    response = client.get(url)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    if expected != 200:
        assert "Шахноза" not in response.content.decode(errors="replace")


def test_editors_do_not_even_see_the_model_in_the_index(client, editor, coordinator):
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "volunteerapplication" not in index
    assert "volunteerpage" in index  # they may edit the page texts
    client.force_login(coordinator)
    assert "volunteerapplication" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["editor", "coordinator"])
def test_page_texts_are_editable_by_editors_and_coordinators(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/volunteers/privacynotice/", follow=True)
    assert response.status_code == 200
    assert 'name="body_ru"' in response.content.decode()


def test_editor_cannot_post_changes_or_actions(client, editor, application):
    client.force_login(editor)
    response = post_change(client, application, status="declined")
    assert response.status_code == 403
    response = client.post(
        CHANGELIST, {"action": "export_selected", "_selected_action": [application.pk]}
    )
    assert response.status_code == 403
    assert VolunteerApplication.objects.get().status == "new"


def test_nobody_adds_applications_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


# --- the list -------------------------------------------------------------------------------------


def test_changelist_columns(client, coordinator, application):
    application.email_confirmed_at = timezone.now()
    application.save()
    client.force_login(coordinator)
    html = client.get(CHANGELIST).content.decode()
    for text in ("Шахноза Алиева", "Uzbekistan", "Ташкент", "Awareness campaigns", "New"):
        assert text in html
    assert 'alt="True"' in html  # e-mail confirmed


def test_changelist_query_count_does_not_grow_with_rows(
    client, coordinator, django_assert_max_num_queries
):
    for n in range(60):
        VolunteerApplicationFactory(
            email=f"q{n}@example.org", interests=["awareness", "events", "research"]
        )
    client.force_login(coordinator)
    client.get(CHANGELIST)  # warm the site settings and country caches
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 50
    # Asking for facet counts (a COUNT per filter option) changes nothing.
    with django_assert_max_num_queries(12):
        assert client.get(f"{CHANGELIST}?_facets=True").status_code == 200


@pytest.mark.parametrize(
    "query,expected",
    [
        ("status__exact=declined", {"Declined One"}),
        ("country=KZ", {"Kazakh One"}),
        ("confirmed=yes", {"Confirmed One"}),
        ("confirmed=no", {"Declined One", "Kazakh One", "Plain One"}),
        ("q=kazakh", {"Kazakh One"}),
        ("q=plain%40example", {"Plain One"}),
        ("q=Almaty", {"Kazakh One"}),
    ],
)
def test_filters_and_search(client, coordinator, query, expected):
    VolunteerApplicationFactory(full_name="Declined One", status="declined")
    VolunteerApplicationFactory(full_name="Kazakh One", country="KZ", city="Almaty")
    VolunteerApplicationFactory(full_name="Confirmed One", email_confirmed_at=timezone.now())
    VolunteerApplicationFactory(full_name="Plain One", email="plain@example.org")
    client.force_login(coordinator)
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    names = {a.full_name for a in response.context["cl"].result_list}
    assert names == expected


def test_filters_by_interest_language_and_date(client, coordinator):
    from volunteers.models import InterestArea, SpokenLanguage

    legal = VolunteerApplicationFactory(
        full_name="Legal", interests=["legal-aid"], languages=["tg"]
    )
    old = VolunteerApplicationFactory(
        full_name="Old", submitted_at=timezone.now() - timedelta(days=90)
    )
    client.force_login(coordinator)
    interest = InterestArea.objects.get(code="legal-aid").pk
    language = SpokenLanguage.objects.get(code="tg").pk
    by_interest = client.get(f"{CHANGELIST}?interest={interest}").context["cl"]
    assert list(by_interest.result_list) == [legal]
    by_language = client.get(f"{CHANGELIST}?language={language}").context["cl"]
    assert list(by_language.result_list) == [legal]
    both = client.get(f"{CHANGELIST}?language={language}&interest={interest}").context["cl"]
    assert list(both.result_list) == [legal]
    # No DISTINCT over the whole table: the filter is a subquery.
    assert "DISTINCT" not in str(by_interest.queryset.query)
    assert client.get(f"{CHANGELIST}?interest=abc").status_code == 302  # ?e=1, not a 500
    since = (timezone.localtime() - timedelta(days=7)).strftime("%Y-%m-%d+%H:%M:%S%%2B05:00")
    recent = client.get(f"{CHANGELIST}?submitted_at__gte={since}").context["cl"]
    assert old not in recent.result_list and legal in recent.result_list


def test_the_list_does_not_count_the_whole_table_twice(client, coordinator):
    from volunteers.admin import VolunteerApplicationAdmin

    assert VolunteerApplicationAdmin.show_full_result_count is False
    assert VolunteerApplicationAdmin.paginator is LargeTablePaginator


@pytest.mark.skipif(connection.vendor != "postgresql", reason="uses PostgreSQL's statistics")
def test_large_table_paginator_estimates_on_postgresql(monkeypatch, django_assert_num_queries):
    for n in range(5):
        VolunteerApplicationFactory(email=f"e{n}@example.org", status="new")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE volunteers_volunteerapplication")
    everything = VolunteerApplication.objects.all()
    # Unfiltered: the statistics, not a COUNT(*), once the table is big enough.
    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_ABOVE", 0)
    with django_assert_num_queries(1) as queries:
        estimate = LargeTablePaginator(everything, 50).count
    assert "pg_class" in queries.captured_queries[0]["sql"]
    assert estimate >= 0
    # Filtered: exact while small...
    new = everything.filter(status="new")
    assert LargeTablePaginator(new, 50).count == 5
    # ...and beyond the exact limit, the planner's estimate (never less than what was seen).
    monkeypatch.setattr(LargeTablePaginator, "EXACT_UP_TO", 2)
    with django_assert_num_queries(2) as queries:
        estimated = LargeTablePaginator(new, 50).count
    assert estimated >= 3
    assert "LIMIT 3" in queries.captured_queries[0]["sql"]
    assert "EXPLAIN" in queries.captured_queries[1]["sql"]


def test_large_table_paginator_counts_exactly_elsewhere():
    VolunteerApplicationFactory()
    assert LargeTablePaginator(VolunteerApplication.objects.all(), 50).count == 1


# --- the workflow ---------------------------------------------------------------------------------


def test_status_follows_the_workflow(client, coordinator, application):
    client.force_login(coordinator)
    html = client.get(change_url(application)).content.decode()
    assert 'value="contacted"' in html
    assert 'value="active"' not in html  # not straight from new to active
    response = post_change(client, application, status="active")
    assert response.status_code == 200  # the form says no
    assert VolunteerApplication.objects.get().status == "new"
    response = post_change(
        client, application, status="contacted", coordinator_notes="Phoned on Monday"
    )
    assert response.status_code == 302
    saved = VolunteerApplication.objects.get()
    assert saved.status == "contacted"
    assert saved.coordinator_notes == "Phoned on Monday"
    assert saved.status_changed_at > application.status_changed_at


def test_submitted_data_is_read_only(client, coordinator, application):
    client.force_login(coordinator)
    response = post_change(client, application, status="new", full_name="Changed", email="x@y.org")
    assert response.status_code == 302
    saved = VolunteerApplication.objects.get()
    assert saved.full_name == "Шахноза Алиева"


def test_history_records_the_status_move(client, coordinator, application):
    client.force_login(coordinator)
    response = post_change(client, application, status="contacted", coordinator_notes="ok")
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(application.pk))
    message = json.loads(entry.change_message)
    assert "Status: new → contacted" in message[0]["changed"]["fields"]
    history = client.get(f"{CHANGELIST}{application.pk}/history/").content.decode()
    assert "new → contacted" in history
    assert entry.user == coordinator


def test_bulk_status_actions_respect_the_workflow(client, coordinator):
    fresh = VolunteerApplicationFactory(status="new")
    contacted = VolunteerApplicationFactory(status="contacted")
    client.force_login(coordinator)
    response = client.post(
        CHANGELIST,
        {"action": "mark_active", "_selected_action": [fresh.pk, contacted.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 application marked as “Active volunteer”." in html
    assert "1 application skipped" in html
    fresh.refresh_from_db()
    contacted.refresh_from_db()
    assert (fresh.status, contacted.status) == ("new", "active")
    assert LogEntry.objects.filter(object_id=str(contacted.pk)).exists()


def test_erase_action_asks_then_erases(client, coordinator, application):
    client.force_login(coordinator)
    data = {"action": "erase_selected", "_selected_action": [application.pk]}
    ask = client.post(CHANGELIST, data)
    assert ask.status_code == 200
    assert "This cannot be undone." in ask.content.decode()
    assert not VolunteerApplication.objects.get().is_anonymized
    client.post(CHANGELIST, {**data, "confirm": "yes"})
    erased = VolunteerApplication.objects.get()
    assert erased.is_anonymized and erased.full_name == ""
    page = client.get(change_url(erased)).content.decode()
    assert 'name="status"' not in page  # nothing left to edit


# --- CSV export -----------------------------------------------------------------------------------


def read_csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_export_selected_is_utf8_with_bom_and_complete(client, coordinator, application):
    other = VolunteerApplicationFactory(full_name="Not Selected")
    client.force_login(coordinator)
    response = client.post(
        CHANGELIST, {"action": "export_selected", "_selected_action": [application.pk]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["ID", "Submitted", "Status", "Full name"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Full name"] == "Шахноза Алиева"
    assert row["City"] == "Ташкент"
    assert row["Country"] == "Uzbekistan"
    assert row["Languages spoken"] == "Uzbek, Russian"
    assert row["Phone"] == "'+998901234567"  # neutralized like every cell starting with +
    assert other.full_name not in str(rows)


def test_export_follows_the_changelist_filters(client, coordinator):
    VolunteerApplicationFactory(full_name="Keep Me", status="declined")
    VolunteerApplicationFactory(full_name="Leave Me", status="new")
    client.force_login(coordinator)
    changelist = client.get(f"{CHANGELIST}?status__exact=declined").content.decode()
    assert f"{EXPORT}?status__exact=declined" in changelist
    rows = read_csv(client.get(f"{EXPORT}?status__exact=declined"))
    names = [row[3] for row in rows[1:]]
    assert names == ["Keep Me"]


def test_export_with_bad_parameters_goes_back_to_the_list(client, coordinator):
    client.force_login(coordinator)
    response = client.get(f"{EXPORT}?nonsense__field=1")
    assert response.status_code == 302
    assert "e=1" in response["Location"]


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=1"],
)
def test_formula_injection_is_neutralized(value):
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain", "Ташкент", "1+1", "a=b", "", None, 42])
def test_ordinary_cells_are_untouched(value):
    assert neutralize(value) == ("" if value is None else str(value))


def test_injection_through_the_form_is_neutralized_in_the_file(client, coordinator):
    VolunteerApplicationFactory(
        full_name="Normal Name",
        motivation='=HYPERLINK("http://evil.example","click")',
        heard_about="@twitter",
        coordinator_notes="-1+1",
    )
    client.force_login(coordinator)
    rows = read_csv(client.get(EXPORT))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Motivation"].startswith("'=")
    assert row["How they heard of us"] == "'@twitter"
    assert row["Coordinator notes"] == "'-1+1"


def test_export_query_count_is_constant(client, coordinator, django_assert_max_num_queries):
    for n in range(30):
        VolunteerApplicationFactory(email=f"x{n}@example.org")
    client.force_login(coordinator)
    # The changelist's own queries (filters, count) plus one per table, whatever the row count,
    # plus the audit trail's two (the rows' ids, the entry).
    with django_assert_max_num_queries(16):
        rows = read_csv(client.get(EXPORT))
    assert len(rows) == 31
