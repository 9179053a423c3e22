from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from reversion import create_revision, set_comment, set_user

from pina.content.history_admin import HistoryAdmin
from pina.content.paging import LargeTablePaginator
from pina.content.translation_admin import (
    TranslatedAdmin,
    TranslationStatusFilter,
    register_translation_tasks,
)
from pina.security.staff_home import StaffTask, register_task
from pina.site.addresses import absolute_url

from . import preview
from .models import Category, Post


@admin.register(Category)
class CategoryAdmin(TranslatedAdmin):
    name_accusative = pgettext_lazy("accusative", "category")
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ["name_en", "name_ru", "name_uz"]


class PostStatusFilter(admin.SimpleListFilter):
    """Draft / scheduled / published now: what a visitor actually sees."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published and visible")),
        ]

    def queryset(self, request, queryset):
        return self.narrow(queryset, self.value())

    @staticmethod
    def narrow(queryset, value):
        """The posts of state `value` (also the staff home page's counts)."""
        now = timezone.now()
        if value == "draft":
            return queryset.filter(status=Post.Status.DRAFT)
        if value == "scheduled":
            return queryset.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        if value == "live":
            return queryset.published(now)
        return queryset


@admin.register(Post)
class PostAdmin(HistoryAdmin, TranslatedAdmin):
    """Posts with per-language fields, revision history (compare and restore) and previews."""

    name_accusative = pgettext_lazy("accusative", "post")

    list_display = [
        "thumbnail",
        "title",
        "state",
        "published_at",
        "category",
        "featured",
        "translation_status",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = [
        PostStatusFilter,
        TranslationStatusFilter,
        "category",
        "featured",
        "published_at",
    ]
    list_select_related = ["category"]
    autocomplete_fields = ["conference"]
    search_fields = ["title_en", "title_ru", "title_uz", "lead_en", "lead_ru", "lead_uz", "byline"]
    # A large table (as in `make bench`): no date hierarchy (it reads the date of every
    # row for its year links; the "published" filter offers the same ranges), no second
    # COUNT(*) of the whole table, and a page count from the planner's statistics.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = LargeTablePaginator
    # Fifty rows, as the applications list: half the render time of Django's hundred, which
    # keeps the admin quick while the public pages take the machine (docs/benchmarks.md);
    # editors find a post by search and filters rather than by scrolling.
    list_per_page = 50
    list_deferred_fields = ["body"]
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish", "unpublish"]
    readonly_fields = ["preview_link", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "byline", "category", "conference"]}),
        (
            _("Cover image"),
            {"fields": ["cover_image", "cover_alt", "cover_caption", "cover_credit"]},
        ),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "time_of_day_known", "featured", "preview_link"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    # modeltranslation keeps the untranslated columns too; the per-language ones are compared.
    compare_exclude = ["title", "slug", "lead", "body", "cover_alt", "cover_caption"]

    class Media:
        # After Django's urlify.js, which it wraps.
        js = ["admin/js/urlify.js", "js/admin-slugs.js"]

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        if not obj.cover_image:
            return "—"
        return format_html(
            '<img src="{}" width="120" height="68" alt="">', obj.cover_admin_thumb.url
        )

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.status == Post.Status.DRAFT:
            return _("Draft")
        if obj.is_scheduled:
            return _("Scheduled")
        return _("Published")

    @admin.display(description=_("preview link for reviewers"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the post to get a preview link.")
        if obj.is_visible:
            return _("The post is published: share its address.")
        url = absolute_url(preview.preview_url(obj))
        return format_html(
            '<a href="{url}">{url}</a><br><span class="help">{help}</span>',
            url=url,
            help=_(
                "Anyone with this link can read the unpublished post, without an account, "
                "for %(days)d days. Send it only to reviewers."
            )
            % {"days": preview.MAX_AGE_DAYS},
        )

    def _set_status(self, request, queryset, status, comment):
        changed = 0
        with create_revision():
            set_user(request.user)
            set_comment(comment)
            # Whole posts (the list defers the bodies): the revision records every field.
            for post in queryset.exclude(status=status).defer(None):
                post.status = status
                post.save()  # through save(): history, renditions and sanitizing apply
                changed += 1
        return changed

    @admin.action(description=_("Publish the selected posts"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_status(request, queryset, Post.Status.PUBLISHED, "Published")
        self.message_user(
            request,
            ngettext(
                "%(count)d post was published (a future publication time makes it scheduled).",
                "%(count)d posts were published (a future publication time makes them scheduled).",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected posts"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = self._set_status(request, queryset, Post.Status.DRAFT, "Unpublished")
        self.message_user(
            request,
            ngettext(
                "%(count)d post was returned to draft.",
                "%(count)d posts were returned to draft.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


# The staff home page (pina.security.staff_home): posts to finish, and those waiting for their
# publication time, with links to the list filtered by PostStatusFilter.
register_task(
    StaffTask(
        section=_("Writing"),
        label=_("Drafts"),
        model=Post,
        rows=lambda rows: rows.filter(status=Post.Status.DRAFT),
        filters={"state": "draft"},
    )
)
register_task(
    StaffTask(
        section=_("Writing"),
        label=_("Scheduled posts"),
        model=Post,
        rows=lambda rows: rows.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        ),
        filters={"state": "scheduled"},
    )
)
register_translation_tasks(Post)
