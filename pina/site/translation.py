from modeltranslation.translator import TranslationOptions, register

from pina.site.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "tagline", "contact_text", "volunteer_call", "credit_line", "copyright")
    # The fields have English defaults; an empty translation should still fall back to English.
    fallback_undefined = ""
