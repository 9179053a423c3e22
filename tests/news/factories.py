import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news.models import Category, Post


def jpeg_bytes(width=1600, height=900, colour=(11, 79, 108), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def cover_file(name="cover.jpg", **kwargs) -> ContentFile:
    return ContentFile(jpeg_bytes(**kwargs), name=name)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name_en = "News"
    name_ru = "Новости"
    name_uz = "Yangiliklar"
    slug = "news"


class PostFactory(factory.django.DjangoModelFactory):
    """A published post in English (other languages fall back), one hour old by default."""

    class Meta:
        model = Post

    title_en = factory.Sequence(lambda n: f"Partners meet to counter trafficking, part {n}")
    lead_en = "Government agencies and NGOs met to coordinate help for victims."
    body_en = "<p>Participants discussed national referral systems for victims.</p>"
    byline = "PINA editors"
    category = factory.SubFactory(CategoryFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Post.Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )
        # Written in all three languages: its /ru/ and /uz/ pages are translations of their own.
        translated = factory.Trait(
            title_ru=factory.LazyAttribute(lambda post: f"{post.title_en} (ru)"),
            lead_ru="Государственные органы и НКО договорились о помощи жертвам.",
            body_ru="<p>Участники обсудили национальные механизмы перенаправления.</p>",
            title_uz=factory.LazyAttribute(lambda post: f"{post.title_en} (uz)"),
            lead_uz="Davlat idoralari va NNTlar jabrlanuvchilarga yordamni kelishdi.",
            body_uz="<p>Ishtirokchilar milliy yoʻnaltirish tizimlarini muhokama qildi.</p>",
        )
        with_cover = factory.Trait(
            cover_image=factory.LazyFunction(cover_file),
            cover_alt_en="Delegates around a conference table",
        )
