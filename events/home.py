"""What the home page shows from the conferences app."""

from .models import Conference, Quote

HOME_UPCOMING = 3
HOME_RECENT = 3


def home_context() -> dict:
    published = Conference.objects.published()
    featured_quote = (
        Quote.objects.filter(is_featured=True, conference__in=published)
        .select_related("conference", "speaker__person", "speaker__organization")
        .order_by("-conference__start_date", "order", "pk")
        .first()
    )
    return {
        "upcoming_conferences": list(published.upcoming()[:HOME_UPCOMING]),
        "recent_conferences": list(published.past()[:HOME_RECENT]),
        "featured_quote": featured_quote,
    }
