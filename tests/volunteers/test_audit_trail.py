"""The audit trail of volunteers' personal data: who opened, changed, erased, deleted or exported
which application, when; readable by superusers only, written by nobody by hand."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers.models import ApplicationAuditEntry, VolunteerApplication

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/volunteers/volunteerapplication/"
EXPORT = CHANGELIST + "export/"
TRAIL = "/admin/volunteers/applicationauditentry/"
Action = ApplicationAuditEntry.Action


def change_url(application):
    return f"{CHANGELIST}{application.pk}/change/"


def post_change(client, application, **fields):
    count = application.deliveries.count()
    return client.post(
        change_url(application),
        {
            "deliveries-TOTAL_FORMS": str(count),
            "deliveries-INITIAL_FORMS": str(count),
            "deliveries-MIN_NUM_FORMS": "0",
            "deliveries-MAX_NUM_FORMS": "0",
            "coordinator_notes": "",
            **fields,
        },
    )


def only_entry():
    entries = list(ApplicationAuditEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


@pytest.fixture
def application():
    return VolunteerApplicationFactory(full_name="Dilnoza Karimova", city="Samarkand")


def test_opening_an_application_is_recorded(client, coordinator, application):
    client.force_login(coordinator)
    response = client.get(change_url(application))
    assert response.status_code == 200
    entry = only_entry()
    assert entry.user == coordinator and entry.username == "coordinator"
    assert entry.action == Action.OPENED
    assert entry.application_ids == [application.pk]
    assert entry.changed_fields == []


def test_the_rows_shown_in_the_list_are_recorded_without_the_search_terms(client, coordinator):
    shown = VolunteerApplicationFactory.create_batch(3)
    client.force_login(coordinator)
    response = client.get(CHANGELIST, {"q": "dilnoza@example.org"})
    assert response.status_code == 200
    assert list(ApplicationAuditEntry.objects.all()) == []  # nothing matched: nothing shown
    assert client.get(CHANGELIST).status_code == 200
    entry = only_entry()
    assert (entry.user, entry.action) == (coordinator, Action.LISTED)
    assert entry.application_ids == sorted(a.pk for a in shown)
    assert "dilnoza" not in entry.detail


def test_opening_the_history_is_recorded(client, coordinator, application):
    client.force_login(coordinator)
    assert client.get(f"{CHANGELIST}{application.pk}/history/").status_code == 200
    entry = only_entry()
    assert (entry.action, entry.detail, entry.application_ids) == (
        Action.OPENED,
        "history",
        [application.pk],
    )


def test_refused_or_missing_views_record_nothing(client, editor, coordinator, application):
    client.force_login(editor)
    assert client.get(change_url(application)).status_code == 403
    client.force_login(coordinator)
    assert client.get(f"{CHANGELIST}999999/change/").status_code == 302
    assert not ApplicationAuditEntry.objects.exists()


def test_a_change_records_the_field_names_not_the_values(client, coordinator, application):
    client.force_login(coordinator)
    response = post_change(
        client, application, status="contacted", coordinator_notes="Called on Monday"
    )
    assert response.status_code == 302
    entry = only_entry()
    assert entry.action == Action.CHANGED
    assert entry.application_ids == [application.pk]
    assert sorted(entry.changed_fields) == ["coordinator_notes", "status"]
    stored = f"{entry.changed_fields} {entry.detail}"
    assert "Called on Monday" not in stored and "contacted" not in stored


def test_bulk_status_actions_are_recorded(client, coordinator):
    movable = VolunteerApplicationFactory()
    stuck = VolunteerApplicationFactory(status="withdrawn")
    client.force_login(coordinator)
    client.post(
        CHANGELIST, {"action": "mark_contacted", "_selected_action": [movable.pk, stuck.pk]}
    )
    entry = only_entry()
    assert (entry.action, entry.application_ids, entry.changed_fields) == (
        Action.CHANGED,
        [movable.pk],
        ["status"],
    )


def test_erasing_is_recorded(client, coordinator, application):
    client.force_login(coordinator)
    data = {"action": "erase_selected", "_selected_action": [application.pk], "confirm": "yes"}
    client.post(CHANGELIST, data)
    entry = only_entry()
    assert (entry.action, entry.application_ids) == (Action.ERASED, [application.pk])


def test_deleting_is_recorded(client, coordinator, application):
    other = VolunteerApplicationFactory()
    client.force_login(coordinator)
    client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [application.pk, other.pk],
            "post": "yes",
        },
    )
    assert not VolunteerApplication.objects.exists()
    entry = only_entry()
    assert (entry.action, entry.application_ids) == (
        Action.DELETED,
        sorted([application.pk, other.pk]),
    )


def csv_ids(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return sorted(int(row[0]) for row in list(csv.reader(io.StringIO(body)))[1:])


def test_export_of_selected_rows_names_exactly_those_rows(client, coordinator, application):
    second = VolunteerApplicationFactory()
    VolunteerApplicationFactory()  # not selected
    client.force_login(coordinator)
    response = client.post(
        CHANGELIST,
        {"action": "export_selected", "_selected_action": [application.pk, second.pk]},
    )
    assert csv_ids(response) == sorted([application.pk, second.pk])
    entry = only_entry()
    assert entry.action == Action.EXPORTED
    assert entry.application_ids == sorted([application.pk, second.pk])
    assert entry.detail.startswith("selected")


def test_filtered_export_names_its_rows_and_not_the_search_terms(client, coordinator):
    found = VolunteerApplicationFactory(full_name="Gulnora Secretname")
    VolunteerApplicationFactory(full_name="Someone Else")
    client.force_login(coordinator)
    response = client.get(EXPORT, {"q": "Secretname", "status__exact": "new"})
    ids = csv_ids(response)
    assert ids == [found.pk]
    entry = only_entry()
    assert entry.application_ids == ids
    assert entry.detail == "filtered; filters: q, status__exact"
    assert "Secretname" not in str(entry.__dict__)


def test_rows_arriving_during_an_export_are_not_in_the_file(client, coordinator, application):
    """The trail is written before streaming starts; the file never holds more than it says."""
    client.force_login(coordinator)
    response = client.get(EXPORT)
    late = VolunteerApplicationFactory()  # created after the ids were recorded
    ids = csv_ids(response)
    assert ids == [application.pk] == only_entry().application_ids
    assert late.pk not in ids


def test_the_trail_is_shown_to_superusers_only(client, editor, coordinator, superuser, application):
    client.force_login(coordinator)
    client.get(change_url(application))
    entry = only_entry()
    for user in (editor, coordinator):
        client.force_login(user)
        assert client.get(TRAIL).status_code == 403
        assert client.get(f"{TRAIL}{entry.pk}/change/").status_code == 403
        assert "applicationauditentry" not in client.get("/admin/").content.decode()
    client.force_login(superuser)
    page = client.get(TRAIL)
    assert page.status_code == 200
    assert "coordinator" in page.content.decode()
    assert f"#{application.pk}" in page.content.decode()


def test_granting_the_permission_to_a_group_does_not_open_the_trail(client, coordinator):
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__model="applicationauditentry")
    )
    client.force_login(coordinator)
    assert client.get(TRAIL).status_code == 403


def test_nobody_adds_edits_or_deletes_entries(client, coordinator, superuser, application):
    client.force_login(coordinator)
    client.get(change_url(application))
    entry = only_entry()
    client.force_login(superuser)
    assert client.get(f"{TRAIL}add/").status_code == 403
    detail = client.get(f"{TRAIL}{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="username"' not in detail.content.decode()  # read-only
    client.post(f"{TRAIL}{entry.pk}/change/", {"username": "someone-else"})
    entry.refresh_from_db()
    assert entry.username == "coordinator"
    # Nobody deletes one, not even a superuser (the retention purge is the only way).
    for user in (coordinator, superuser):
        client.force_login(user)
        assert client.post(f"{TRAIL}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
        client.post(
            TRAIL, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
        )
        assert ApplicationAuditEntry.objects.filter(pk=entry.pk).exists()
    client.force_login(superuser)
    page = client.get(TRAIL).content.decode()
    assert "delete_selected" not in page and 'name="_selected_action"' not in page
    detail = client.get(f"{TRAIL}{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in detail and "deletelink" not in detail


def test_the_entry_survives_the_staff_account(client, coordinator, application):
    client.force_login(coordinator)
    client.get(change_url(application))
    coordinator.delete()
    entry = only_entry()
    assert entry.user is None and entry.username == "coordinator"
