"""Demo content for the volunteers app: the page texts in every language, and no applications,
since fake personal data has no place here (the form's options are seeded by migration 0002).
"""

from pina.content.richtext import RichTextField, sanitize_html

from . import default_texts
from .models import PrivacyNotice, VolunteerPage


def _stored(model, name: str, value: str) -> str:
    """The value as the database will hold it (rich text is sanitized on save)."""
    field = model._meta.get_field(name)
    return sanitize_html(value) if isinstance(field, RichTextField) else value


def load(stdout):
    for model, texts in (
        (VolunteerPage, default_texts.VOLUNTEER_PAGE),
        (PrivacyNotice, default_texts.PRIVACY_NOTICE),
    ):
        values = {
            name: _stored(model, name, value)
            for name, value in default_texts.field_values(texts).items()
        }
        record = model.objects.filter(pk=1).first()
        if record is None:
            model.objects.create(pk=1, **values)
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
    stdout.write("Volunteer page texts and privacy notice are loaded.")
