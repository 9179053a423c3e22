"""The searched and shown fields of a model translated with django-modeltranslation, in one
language: a field's text with the English fallback a visitor is shown (`localized_text`, also on
the historical models of migrations) and the columns a search result loads (`shown_columns`)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.manager import append_fallback


def localized_text(model, field_name, language_code):
    """The field's text in `language_code`, or in the default language when it has none.

    Works on historical models in migrations too: it only looks at the model's fields.
    """
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    names = {field.name for field in model._meta.get_fields()}
    localized, fallback = f"{field_name}_{language_code}", f"{field_name}_{default}"
    if localized not in names:
        return F(field_name)
    if localized == fallback:
        return F(localized)
    text = models.TextField()
    return Coalesce(
        NullIf(F(localized), Value(""), output_field=text), F(fallback), output_field=text
    )


def shown_columns(model, *names, prefix="") -> list[str]:
    """Field names for `.only()`: the `names` a search result shows, a translated one as the
    columns modeltranslation reads in the active language (its own and its fallbacks'), not
    every language's, since a post's body in three languages is most of what its row weighs.

    `prefix` ("category__") names the fields of a model loaded with select_related.
    """
    columns, _translated = append_fallback(model, names)
    return sorted(prefix + column for column in columns)
