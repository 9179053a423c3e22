from modeltranslation.translator import TranslationOptions, register

from .models import Category, Post


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Post)
class PostTranslation(TranslationOptions):
    fields = ("title", "slug", "lead", "body", "cover_alt", "cover_caption")
    # The English text is required; other languages fall back to it (settings).
    required_languages = ("en",)
