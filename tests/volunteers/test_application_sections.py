"""volunteers.models.APPLICATION_SECTIONS: the one list of an application's fields that the
public form and the coordinators' change page are both made from."""

import re

import pytest

from volunteers.admin import ApplicationAdminForm
from volunteers.forms import VolunteerApplicationForm
from volunteers.models import (
    APPLICATION_SECTIONS,
    ASKED_FIELDS,
    COORDINATOR_FIELDS,
    READ_ONLY_FIELDS,
    VolunteerApplication,
)

from .factories import VolunteerApplicationFactory

# Kept by the site for its own use, never shown: the primary key, the duplicate check's keys.
INTERNAL = {"id", "email_key", "latest_from_address"}


def _section_fields():
    return [name for section in APPLICATION_SECTIONS for name in section.fields]


def test_every_field_an_application_holds_is_in_exactly_one_section():
    fields = _section_fields()
    model_fields = {
        field.name
        for field in VolunteerApplication._meta.get_fields()
        if field.concrete or field.many_to_many
    }
    assert len(fields) == len(set(fields))
    assert set(fields) == model_fields - INTERNAL


def test_the_public_form_asks_the_asked_fields_in_the_sections_order():
    assert list(VolunteerApplicationForm._meta.fields) == [
        "full_name",
        "email",
        "phone",
        "country",
        "city",
        "languages",
        "interests",
        "availability",
        "motivation",
        "heard_about",
    ]
    assert list(VolunteerApplicationForm._meta.fields) == list(ASKED_FIELDS)


def test_coordinators_change_only_the_follow_up_and_see_the_rest():
    assert list(ApplicationAdminForm._meta.fields) == ["status", "coordinator_notes"]
    assert set(COORDINATOR_FIELDS) | set(READ_ONLY_FIELDS) == set(_section_fields())
    assert not set(COORDINATOR_FIELDS) & set(READ_ONLY_FIELDS)


@pytest.mark.django_db
def test_the_change_page_shows_the_sections_in_order_with_only_the_follow_up_editable(
    client, coordinator
):
    application = VolunteerApplicationFactory()
    client.force_login(coordinator)
    html = client.get(f"/admin/volunteers/volunteerapplication/{application.pk}/change/")
    html = html.content.decode()
    legends = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    titles = [str(section.title) for section in APPLICATION_SECTIONS]
    assert [legend for legend in legends if legend in titles] == titles
    assert 'name="status"' in html and 'name="coordinator_notes"' in html
    for name in READ_ONLY_FIELDS:
        assert f'name="{name}"' not in html, name
        assert f"field-{name}" in html, name
