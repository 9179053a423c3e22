"""News posts and their categories.

The one rule for what visitors may see is `PostQuerySet.published()`: every public view, the feed,
the sitemap, the search and the home page start from it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill, ResizeToFit

from pina.content import translation_status
from pina.content.richtext import RichTextField, plain_text
from pina.content.slugs import slug_from_title, unique_slug
from pina.content.translation_status import TranslationStatusQuerySet
from pina.search.queryset import SearchableQuerySet
from pina.security.uploads import strip_metadata, validate_image_file

SLUG_MAX_LENGTH = 80
# Paths under /news/ that are not posts (news/urls.py).
RESERVED_SLUGS = {"feed", "category", "preview"}


class Category(models.Model):
    """A kind of post (News, Announcements, Publications...), managed by staff."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Part of the category's web address. Filled in from the name when empty."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Categories are listed by this number.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slug_from_title(self.name_en or self.name, fallback="category")
            others = Category.objects.exclude(pk=self.pk)
            self.slug = unique_slug(base, lambda s: others.filter(slug=s).exists())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})


class PostQuerySet(TranslationStatusQuerySet, SearchableQuerySet):
    # A post counts as translated into a language once these exist in it (the admin's
    # "Translations" column and filter, the staff home page).
    translation_required_fields = ("title", "lead", "body")
    # Where the site search looks, and how much each field weighs (A > B > C), and what a
    # result shows (pina.search.queryset).
    search_fields = {"title": "A", "lead": "B", "body": "C"}
    shown_fields = (
        "title",
        "lead",
        "body",
        "slug",
        "published_at",
        "time_of_day_known",
        "category",
    )
    shown_related = {"category": ("name", "slug")}

    def published(self, now=None):
        """Posts a visitor may see at `now` (this moment by default): published, with a
        publication time that has come.

        A published post with a future time is scheduled: it appears by itself at that time.
        """
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def featured_first(self, count):
        """The first `count` of these posts as the home page lists them: featured ones (editors
        pin them) first, then the newest, with what a list shows.

        The keys come from news_post_home_idx alone, in a subquery: selecting whole rows in
        the same query, SQLite's planner sorts every post instead.
        """
        order = ("-featured", "-published_at", "-pk")
        keys = self.order_by(*order).values("pk")[:count]
        return self.for_listing().filter(pk__in=keys).order_by(*order)

    def for_listing(self):
        """What a list of posts shows (title, lead, date, category, cover), without the body."""
        return self.select_related("category").defer(
            *(f"body_{code}" for code in settings.MODELTRANSLATION_LANGUAGES), "body"
        )

    def with_any_slug(self, slug):
        """Posts whose slug is `slug` in any language."""
        query = Q()
        for code in settings.MODELTRANSLATION_LANGUAGES:
            query |= Q(**{f"slug_{code}": slug})
        return self.filter(query)


class Post(models.Model):
    """A news article, announcement or publication, in English, Russian and Uzbek."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        blank=True,
        db_index=False,  # each language's slug has its own unique index (Meta.constraints)
        help_text=_(
            "Part of the web address, in Latin letters. Filled in from the title when empty."
        ),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One or two sentences: shown in lists, in search results and when shared."),
    )
    body = RichTextField(_("body"), config_name="default")
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="news/covers/%Y/",
        blank=True,
        validators=[validate_image_file],
        width_field="cover_width",
        height_field="cover_height",
        help_text=_("A landscape photo at least 1280 pixels wide works best."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    cover_caption = models.CharField(_("cover image caption"), max_length=300, blank=True)
    cover_credit = models.CharField(
        _("cover image credit"), max_length=150, blank=True, help_text=_("E.g. “Photo: IOM”.")
    )
    byline = models.CharField(
        _("byline"), max_length=150, blank=True, help_text=_("E.g. “Aziza BOKHODIROVA, Major”.")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("category"),
        db_index=False,  # news_post_category_idx (Meta.indexes) starts with it
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A published post with a future time is scheduled: it appears by itself then."),
    )
    # A report dated by its source without a time (an old article known only by its day) must
    # not show a made-up time: pages then show the date alone (published_when).
    time_of_day_known = models.BooleanField(
        _("time of day known"),
        default=True,
        help_text=_(
            "Untick when only the day of publication is known: the site then shows the date "
            "without a time."
        ),
    )
    conference = models.ForeignKey(
        "events.Conference",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
        db_index=False,  # news_post_conference_idx starts with it
        verbose_name=_("conference"),
        help_text=_("The conference this post reports on, if any: each links to the other."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Featured posts come first in the home page's latest news."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Renditions, generated when the cover is saved (imagekit's Optimistic strategy): a page
    # never resizes an image and never serves the original upload.
    cover_card_400 = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFill(400, 225)],
        format="WEBP",
        options={"quality": 80},
    )
    cover_card_800 = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFill(800, 450)],
        format="WEBP",
        options={"quality": 78},
    )
    cover_640 = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFit(width=640, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )
    cover_960 = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFit(width=960, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )
    cover_1280 = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFit(width=1280, upscale=False)],
        format="WEBP",
        options={"quality": 78},
    )
    # For link previews (OpenGraph, Twitter): JPEG, the size every network expects.
    cover_share = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFill(1200, 630)],
        format="JPEG",
        options={"quality": 85},
    )
    cover_admin_thumb = ImageSpecField(
        source="cover_image",
        processors=[ResizeToFill(120, 68)],
        format="WEBP",
        options={"quality": 75},
    )

    FIT_WIDTHS = (640, 960, 1280)
    CARD_SIZES = ((400, 225), (800, 450))
    SHARE_SIZE = (1200, 630)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # Serves published() (status + time) and the newest-first ordering (with the id that
        # breaks ties) in one index: lists, page anchors and an article's neighbours.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="news_post_visible_idx2"),
            # The admin list's order over every post, whatever its status.
            models.Index(fields=["-published_at", "-id"], name="news_post_newest_idx"),
            # The home page's latest news, featured posts first: without it every post was
            # read and sorted each time its fragment was made.
            models.Index(
                fields=["status", "-featured", "-published_at", "-id"], name="news_post_home_idx"
            ),
            # A category's list (newest first, any depth): a small category was otherwise
            # found by walking the newest posts of every category.
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="news_post_category_idx",
            ),
            # A conference's reports on its page: SQLite otherwise walked every published
            # post for a conference with none.
            models.Index(
                fields=["conference", "status", "-published_at", "-id"],
                name="news_post_conference_idx",
            ),
        ]
        # Slugs are unique within each language (the columns come from modeltranslation).
        constraints = [
            models.UniqueConstraint(fields=[f"slug_{code}"], name=f"news_post_unique_slug_{code}")
            for code in settings.MODELTRANSLATION_LANGUAGES
        ]

    def __str__(self):
        return self.title

    # --- Saving ---------------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        self.fill_slugs()
        cover = self.cover_image
        if cover and not getattr(cover, "_committed", True):
            # A new upload: keep the pixels, drop EXIF/GPS metadata before it is stored.
            cleaned = strip_metadata(cover.file)
            self.cover_image.save(cleaned.name, cleaned, save=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The post's address in the active language (its slug in that language)."""
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        errors = {}
        if self.cover_image and not getattr(self, f"cover_alt_{default}", ""):
            errors[f"cover_alt_{default}"] = _("Describe the image for people who cannot see it.")
        for code in settings.MODELTRANSLATION_LANGUAGES:
            if getattr(self, f"slug_{code}", None) in RESERVED_SLUGS:
                errors[f"slug_{code}"] = _("This address is used by the site. Choose another.")
        if errors:
            raise ValidationError(errors)

    def fill_slugs(self):
        """Give every language a unique slug: from its own title, else the default language's.

        A language without its own title shows the English text, so it shares the English slug.
        """
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        others = Post.objects.exclude(pk=self.pk) if self.pk else Post.objects.all()
        languages = [default, *(c for c in settings.MODELTRANSLATION_LANGUAGES if c != default)]
        for code in languages:
            field = f"slug_{code}"
            if getattr(self, field):
                continue
            own_title = getattr(self, f"title_{code}")
            if own_title or code == default:
                base = slug_from_title(own_title, fallback="post", max_length=SLUG_MAX_LENGTH)
            else:
                base = getattr(self, f"slug_{default}")

            def taken(candidate, field=field):
                return candidate in RESERVED_SLUGS or others.filter(**{field: candidate}).exists()

            setattr(self, field, unique_slug(base, taken, SLUG_MAX_LENGTH))

    # --- Reading --------------------------------------------------------------------------------

    def slug_in(self, code):
        return getattr(self, f"slug_{code}", None) or self.slug

    @property
    def is_visible(self):
        """True when the visibility rule of `published()` lets visitors see the post now."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def published_when(self):
        """What pages say of the publication time: `published_at`, or only its date (in the
        site's time zone) when the time of day is not known."""
        if self.time_of_day_known:
            return self.published_at
        return timezone.localtime(self.published_at).date()

    def shown_language(self):
        """The language a visitor reads: the active one, or English where it has no title."""
        return translation_status.shown_language(self, "title")

    def plain_body(self):
        return plain_text(self.body)

    def description(self):
        """Plain text for meta descriptions and feeds: the lead, else the start of the body."""
        text = (self.lead or "").strip() or self.plain_body()
        return Truncator(" ".join(text.split())).chars(300)

    # What a search result shows (pina.search.queryset.SearchableQuerySet).
    def search_title(self):
        return self.title

    def search_excerpt(self):
        return " ".join(f"{self.lead or ''} {self.plain_body()}".split())

    def search_date(self):
        return self.published_when

    def search_label(self):
        return self.category.name if self.category_id else self._meta.verbose_name

    # Image renditions: width and height come from the stored cover size, not from the files.
    def cover_fit_renditions(self):
        """[(rendition, width, height)] of the article-size renditions, smallest first."""
        if not (self.cover_image and self.cover_width and self.cover_height):
            return []
        renditions, seen = [], set()
        for target in self.FIT_WIDTHS:
            width = min(target, self.cover_width)
            if width in seen:
                continue
            seen.add(width)
            height = round(self.cover_height * width / self.cover_width)
            renditions.append((getattr(self, f"cover_{target}"), width, height))
        return renditions

    def cover_card_renditions(self):
        if not self.cover_image:
            return []
        return [
            (getattr(self, f"cover_card_{width}"), width, height)
            for width, height in self.CARD_SIZES
        ]
