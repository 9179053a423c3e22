"""pina.content.single_record.SingleRecord: one record per model, cached, and every save seen on
the next read, for each model built on it (site settings, volunteer page texts, privacy notice)."""

import pytest
from django.apps import apps

from pina.caching.version import current_version
from pina.content.single_record import SingleRecord
from pina.site.models import SiteSettings
from volunteers.models import PrivacyNotice, VolunteerPage

SINGLE_RECORD_MODELS = [model for model in apps.get_models() if issubclass(model, SingleRecord)]

# A text field of each model, to edit.
EDITED_FIELD = {SiteSettings: "site_name", VolunteerPage: "title", PrivacyNotice: "title"}


def test_the_base_declares_no_fields_so_no_table_changes():
    assert SingleRecord._meta.abstract
    assert SingleRecord._meta.get_fields() == ()


def test_every_single_record_model_is_known_here_with_its_own_cache_key():
    assert set(SINGLE_RECORD_MODELS) == set(EDITED_FIELD)
    keys = [model.CACHE_KEY for model in SINGLE_RECORD_MODELS]
    assert all(keys) and len(set(keys)) == len(keys)


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(EDITED_FIELD), ids=lambda model: model.__name__)
class TestEachModel:
    def test_there_is_one_record_however_it_is_saved(self, model):
        first = model.current()
        model(**model.default_values()).save()
        assert model.objects.count() == 1
        assert first.pk == model.objects.get().pk == 1

    def test_the_record_is_created_with_its_defaults(self, model):
        record = model.current()
        assert getattr(record, EDITED_FIELD[model])

    def test_the_second_read_costs_no_query(self, model, django_assert_num_queries):
        model.current()
        with django_assert_num_queries(0):
            assert model.current().pk == 1

    def test_a_save_is_seen_on_the_next_read(self, model, django_assert_num_queries):
        field = EDITED_FIELD[model]
        record = model.current()
        setattr(record, field, "Edited in the admin")
        record.save()
        assert getattr(model.current(), field) == "Edited in the admin"
        with django_assert_num_queries(0):
            assert getattr(model.current(), field) == "Edited in the admin"

    def test_a_deleted_record_is_created_again_with_its_defaults(self, model):
        field = EDITED_FIELD[model]
        record = model.current()
        setattr(record, field, "Edited in the admin")
        record.save()
        record.delete()
        assert getattr(model.current(), field) != "Edited in the admin"
        assert model.objects.count() == 1

    def test_saving_makes_cached_pages_and_fragments_stale(self, model):
        record = model.current()
        before = current_version()
        record.save()
        assert current_version() != before
