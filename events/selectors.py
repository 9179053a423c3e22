"""What the conference pages read: which conferences a request may see, the list's filters and
their choices, and the parts of a conference page, each in as few queries as the page needs."""

from collections import Counter

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.translation import get_language, pgettext_lazy
from django_countries import countries
from django_countries.fields import Country

from pina.search.translated import localized_text
from pina.security.access import may_see_unpublished

from .models import (
    ROLE_HEADINGS,
    ROLE_ORDER,
    Conference,
    ConferenceOrganization,
    Helpline,
    Organization,
    Quote,
    Role,
    Speaker,
)

# The organization filter offers the organizations in most published conferences: a select of
# hundreds is no use on a phone and was most of the list's weight. Every organization has its
# own page listing its conferences, and the filter still accepts any.
FILTER_ORGANIZATIONS = 40


def visible_conferences(request):
    """Published conferences; staff who may view conferences also preview unpublished ones."""
    if may_see_unpublished(request, "events.view_conference"):
        return Conference.objects.all()
    return Conference.objects.published()


def organization_choice(organization) -> tuple[str, str]:
    """(slug, label) of an organization in the filter: its acronym when the name is long."""
    name = organization.name
    return organization.slug, organization.short_name if len(name) > 60 else name


def sorted_choices(choices):
    return sorted(choices, key=lambda choice: str(choice[1]).casefold())


def filter_choices():
    """(years, [(code, name)] of countries, [(slug, label)] of the organizations in most
    conferences) that published conferences have, for the filters; names in the active
    language, sorted."""
    published = Conference.objects.published()
    years = [day.year for day in published.dates("start_date", "year", order="DESC")]
    country_codes = set()
    for host, joined in published.values_list("host_country", "participating_countries"):
        if host:
            country_codes.add(str(host))
        country_codes.update(code for code in str(joined or "").split(",") if code)
    organizations = (
        Organization.objects.annotate(
            conferences=Count(
                "roles__conference", filter=Q(roles__conference__in=published), distinct=True
            )
        )
        .filter(conferences__gt=0)
        .order_by("-conferences", "pk")[:FILTER_ORGANIZATIONS]
    )
    # Plain strings, not model instances: this is cached and read on every list request.
    choices = sorted_choices(organization_choice(org) for org in organizations)
    named = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
    return years, named, choices


def with_chosen_organization(offered, chosen):
    """The organization choices `offered`, and the one whose slug is `chosen` when it is not
    among them: one in fewer conferences than the first FILTER_ORGANIZATIONS is still a valid
    filter when it took part in a published conference."""
    if not chosen or chosen in {slug for slug, _label in offered}:
        return offered
    found = Organization.objects.filter(
        slug=chosen, roles__conference__in=Conference.objects.published()
    ).first()
    if found is None:
        return offered
    return sorted_choices([*offered, organization_choice(found)])


def filtered_conferences(filters):
    """Published conferences matching the valid `filters` (year, country, organization),
    upcoming (soonest first) then past (newest first)."""
    conferences = Conference.objects.published()
    if "year" in filters:
        conferences = conferences.filter(start_date__year=int(filters["year"]))
    if "country" in filters:
        conferences = conferences.in_country(filters["country"])
    if "organization" in filters:
        conferences = conferences.filter(
            Exists(
                ConferenceOrganization.objects.filter(
                    conference=OuterRef("pk"), organization__slug=filters["organization"]
                )
            )
        )
    return conferences.upcoming_then_past()


def conference_parts(conference) -> dict:
    """The lists a conference page shows besides the conference itself: roles (with their
    organizations), speakers, quotes, sessions, documents and its latest published news."""
    prefetch_related_objects(
        [conference],
        Prefetch(
            "roles",
            queryset=ConferenceOrganization.objects.select_related("organization"),
        ),
        Prefetch(
            "speakers",
            queryset=Speaker.objects.select_related("person", "organization"),
        ),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker__person", "speaker__organization"),
        ),
        "sessions",
        "documents",
    )
    roles, speakers = list(conference.roles.all()), list(conference.speakers.all())
    # Each organization is shown under its name at this conference (Organization.name_on):
    # the former names of the roles' and the speakers' organizations, in one query.
    prefetch_related_objects(
        [
            *(role.organization for role in roles),
            *(speaker.organization for speaker in speakers if speaker.organization),
        ],
        "former_names",
    )
    return {
        "roles": roles,
        "speakers": speakers,
        "quotes": list(conference.quotes.all()),
        "sessions": list(conference.sessions.all()),
        "documents": list(conference.documents.all()),
        "related_posts": list(conference.news_posts.published().for_listing().newest_first()[:6]),
    }


def published_roles(organization):
    """The roles `organization` had in published conferences, newest conference first."""
    return (
        organization.roles.filter(conference__in=Conference.objects.published())
        .select_related("conference")
        .order_by("-conference__start_date", "order")
    )


def organizations_in_country(code):
    """The organizations based in the country `code` that took part in a published conference
    (as the organization list and the country list count them), by name."""
    return list(visible_organizations().filter(country=code).order_by("name"))


def group_by_role(roles):
    """[(heading, [role, ...]), ...] in the order organizer, co-organizer, supporter, partner."""
    groups = {role: [] for role in ROLE_ORDER}
    for role in roles:
        groups[role.role].append(role)
    return [(ROLE_HEADINGS[role], groups[role]) for role in ROLE_ORDER if groups[role]]


def help_countries():
    """The countries the help page offers: the five Central Asian countries first, then any
    other country with a published helpline, by name in the active language."""
    first = [code.upper() for code in settings.COUNTRIES_FIRST]
    others = set(
        Helpline.objects.published().order_by().values_list("country", flat=True).distinct()
    ) - set(first)
    return [Country(code=code) for code in first] + sorted(
        (Country(code=code) for code in others), key=lambda country: str(country.name)
    )


def helpline_country_codes():
    """Codes of the countries with at least one published helpline."""
    return sorted(
        set(Helpline.objects.published().order_by().values_list("country", flat=True).distinct())
    )


def helplines_in_country(code):
    """The published helplines of the country `code`, in the order staff gave them."""
    return list(
        Helpline.objects.published()
        .in_country(code)
        .select_related("organization")
        .order_by("order", "pk")
    )


# --- The organization and country lists ----------------------------------------------------------

# The organization list's role filter. A co-organizer ("in cooperation with") shares in
# organizing the conference, so it is found under "organizer": a visitor looking for who
# organized conferences expects it there, and a fourth choice of near-synonyms would only confuse.
ROLE_FILTERS = {
    "organizer": (Role.ORGANIZER, Role.CO_ORGANIZER),
    "supporter": (Role.SUPPORTER,),
    "partner": (Role.PARTNER,),
}
ROLE_FILTER_LABELS = {
    "organizer": pgettext_lazy("organization list filter", "Organizers"),
    "supporter": pgettext_lazy("organization list filter", "Supporters"),
    "partner": pgettext_lazy("organization list filter", "Partners"),
}
# Each organization's roles as the list names them (the admin's labels explain more than a
# visitor needs: "supporter (supported by)").
ROLE_NAMES = {
    Role.ORGANIZER: pgettext_lazy("organization role", "organizer"),
    Role.CO_ORGANIZER: pgettext_lazy("organization role", "co-organizer"),
    Role.SUPPORTER: pgettext_lazy("organization role", "supporter"),
    Role.PARTNER: pgettext_lazy("organization role", "partner"),
}


def role_filter(value) -> tuple[str, bool]:
    """(the role filter's key, whether `value` was refused): `?role=` as a key of ROLE_FILTERS,
    "" for none. Only a known key ever reaches a query, so no visitor's text (a NUL byte,
    which PostgreSQL refuses) does."""
    key = str(value or "").strip().lower()[:20]
    if not key:
        return "", False
    if key in ROLE_FILTERS:
        return key, False
    return "", True


def visible_organizations(roles=None):
    """Organizations that took part in a published conference (in one of `roles` if given):
    the ones the public pages and the sitemap show."""
    taking_part = ConferenceOrganization.objects.filter(
        organization=OuterRef("pk"), conference__in=Conference.objects.published()
    )
    if roles:
        taking_part = taking_part.filter(role__in=roles)
    return Organization.objects.filter(Exists(taking_part))


def organization_list(role=""):
    """The organizations of the list (those in a `role` of ROLE_FILTERS if given), by name in
    the active language, each with `conference_total`: the published conferences it took part
    in, in any role."""
    published = Conference.objects.published()
    return (
        visible_organizations(ROLE_FILTERS.get(role))
        .annotate(
            conference_total=Count(
                "roles__conference", filter=Q(roles__conference__in=published), distinct=True
            ),
            # The name shown, or the English one where it has no translation (modeltranslation
            # falls back the same way), so untranslated names are not all sorted first.
            sort_name=localized_text(Organization, "name", get_language() or "en"),
        )
        .only("name", "acronym", "slug")
        .order_by("sort_name", "pk")
    )


def with_role_names(organizations):
    """The `organizations` (a list) with `role_names`: the roles each had in published
    conferences, in ROLE_ORDER. One query for all of them."""
    organizations = list(organizations)
    held = {}
    rows = (
        ConferenceOrganization.objects.filter(
            organization__in=[organization.pk for organization in organizations],
            conference__in=Conference.objects.published(),
        )
        .values_list("organization_id", "role")
        .order_by()
        .distinct()
    )
    for organization_id, role in rows:
        held.setdefault(organization_id, set()).add(role)
    for organization in organizations:
        roles = held.get(organization.pk, set())
        organization.role_names = [ROLE_NAMES[role] for role in ROLE_ORDER if role in roles]
    return organizations


def country_list():
    """(Central Asian countries in settings.CENTRAL_ASIA order, the other countries by name in
    the active language), each row a dict with `country`, `conferences` (published conferences
    hosted in or joined by it, as its page lists them) and `organizations` (based there, as its
    page lists them); only countries with at least one of either. Two queries."""
    conferences = Counter()
    published = Conference.objects.published()
    for host, joined in published.values_list("host_country", "participating_countries"):
        codes = {code for code in str(joined or "").split(",") if code}
        if host:
            codes.add(str(host))
        conferences.update(codes)
    organizations = dict(
        visible_organizations()
        .exclude(country="")
        .values_list("country")
        .annotate(total=Count("pk"))
        .order_by()  # grouped by country alone, not by the default ordering's name too
    )
    rows = [
        {
            "country": Country(code=code),
            "conferences": conferences.get(code, 0),
            "organizations": organizations.get(code, 0),
        }
        for code in set(conferences) | set(organizations)
    ]
    first = {code: position for position, code in enumerate(settings.CENTRAL_ASIA)}
    central = sorted(
        (row for row in rows if row["country"].code in first),
        key=lambda row: first[row["country"].code],
    )
    others = sorted(
        (row for row in rows if row["country"].code not in first),
        key=lambda row: str(row["country"].name).casefold(),
    )
    return central, others
