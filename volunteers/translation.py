from modeltranslation.translator import TranslationOptions, register

from .models import InterestArea, PrivacyNotice, SpokenLanguage, VolunteerPage


@register(SpokenLanguage)
class SpokenLanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(InterestArea)
class InterestAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(VolunteerPage)
class VolunteerPageTranslation(TranslationOptions):
    fields = ("title", "intro", "thanks_title", "thanks")
    fallback_undefined = ""


@register(PrivacyNotice)
class PrivacyNoticeTranslation(TranslationOptions):
    fields = ("title", "body")
    fallback_undefined = ""
