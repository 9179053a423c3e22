"""Every translated model's admin shows one language at a time (pina.content.translation_admin),
with its scripts from the site itself: the admin's CSP allows no other origin."""

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.utils import translation
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin
from modeltranslation.translator import translator

from news.models import Post
from pina.content.admin_columns import SelectionCheckboxColumn

pytestmark = pytest.mark.django_db


def test_every_translated_model_with_an_admin_has_language_tabs():
    translated = [
        model for model in translator.get_registered_models() if model in admin.site._registry
    ]
    assert Post in translated
    untabbed = [
        model._meta.label
        for model in translated
        if not isinstance(admin.site._registry[model], TabbedDjangoJqueryTranslationAdmin)
    ]
    assert not untabbed, f"use pina.content.translation_admin.TranslatedAdmin for {untabbed}"


def test_the_tab_scripts_come_from_the_site(client, editor):
    client.force_login(editor)
    page = client.get("/admin/news/post/add/").content.decode()
    assert "/static/jquery-ui/jquery-ui.min.js" in page
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in page
    assert "googleapis" not in page
    assert 'src="//' not in page
    assert finders.find("jquery-ui/jquery-ui.min.js")  # collected with the site's static files


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_selection_checkbox_is_djangos_own_html(language):
    """The list's checkbox, written without a widget template, is byte for byte what Django's
    `ModelAdmin.action_checkbox` renders, with a label that escapes the object's name."""

    class Named:
        pk = 7

        def __str__(self):
            return 'Shelter "Umid" <Nukus> & partners'

    with translation.override(language):
        ours = SelectionCheckboxColumn().action_checkbox(Named())
        djangos = admin.ModelAdmin.action_checkbox(None, Named())
    assert ours == djangos
    assert "&lt;Nukus&gt;" in ours and 'value="7"' in ours
