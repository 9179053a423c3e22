from modeltranslation.translator import TranslationOptions, register

from .models import (
    Conference,
    ConferenceDocument,
    Helpline,
    Organization,
    OrganizationName,
    Person,
    Quote,
    Session,
    Speaker,
)


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("title", "city", "venue", "lead", "body", "cover_alt")
    required_languages = ("en",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "acronym", "description")
    required_languages = ("en",)


@register(OrganizationName)
class OrganizationNameTranslation(TranslationOptions):
    fields = ("name", "acronym")
    required_languages = ("en",)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("full_name", "bio")
    required_languages = ("en",)


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("rank", "position")


@register(Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(ConferenceDocument)
class ConferenceDocumentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(Helpline)
class HelplineTranslation(TranslationOptions):
    fields = ("name", "hours", "languages", "what_happens")
    required_languages = ("en",)
