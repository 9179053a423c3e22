"""Put the XSS vectors (xss_vectors.py, next to this module) into every field an editor can fill,
batched into a few pages: used by the in-process checks here and the Chromium checks in
tests/browser/test_xss.py.
"""

from django.utils import timezone

from events.models import Quote, Session
from news.models import Post
from pina.site.models import SiteSettings
from tests.badinput.xss_vectors import XSS_VECTORS
from tests.events.factories import (
    ConferenceFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SpeakerFactory,
)
from tests.news.factories import CategoryFactory, PostFactory
from volunteers.models import PrivacyNotice, VolunteerPage

PAYLOADS = [payload for payload, _markers in XSS_VECTORS]
# Searchable word in every planted title, so one search lists them all.
WORD = "Zarafshon"
BATCHES = 3


def batches():
    size = -(-len(PAYLOADS) // BATCHES)
    return [PAYLOADS[start : start + size] for start in range(0, len(PAYLOADS), size)]


def cut(text, limit):
    return text[:limit]


def plant_batch(number, payloads):
    """One post per payload (every post field), and one conference whose speakers, quotes and
    sessions carry the batch's payloads, with its organizations; returns what pages to open."""
    joined = "\n".join(payloads)
    category = CategoryFactory(
        slug=f"xss-{number}", name_en=cut(payloads[0], 80), name_ru=cut(payloads[1], 80)
    )
    posts = []
    for index, payload in enumerate(payloads):
        posts.append(
            PostFactory(
                slug_en=f"xss-{number}-{index}",
                title_en=cut(f"{WORD} {payload}", 200),
                lead_en=payload,
                body_en=f"<p>{WORD}</p>{payload}",
                byline=cut(payload, 150),
                cover_caption_en=cut(payload, 300),
                cover_alt_en=cut(payload, 200),
                category=category,
                **({"with_cover": True} if index == 0 else {}),
            )
        )
    conference = ConferenceFactory(
        title_en=cut(f"{WORD} {payloads[0]}", 250),
        lead_en=joined,
        body_en=joined,
        venue_en=cut(payloads[-1], 250),
        city_en=cut(payloads[1], 120),
    )
    organizations = []
    for payload in payloads:
        organization = OrganizationFactory(name_en=cut(payload, 250), description_en=payload)
        RoleFactory(conference=conference, organization=organization)
        organizations.append(organization)
        person = PersonFactory(full_name_en=cut(payload, 200), bio_en=payload)
        speaker = SpeakerFactory(
            conference=conference,
            person=person,
            organization=organization,
            position_en=cut(payload, 250),
        )
        Quote.objects.create(conference=conference, speaker=speaker, text_en=payload)
        Session.objects.create(
            conference=conference,
            title_en=cut(payload, 300),
            description_en=payload,
            date=conference.start_date,
        )
    return {
        "posts": posts,
        "category": category,
        "conference": conference,
        "organizations": organizations,
    }


def plant_site_texts(payloads):
    """The site settings, the volunteer page texts and the privacy notice (one record each)."""
    settings = SiteSettings.current()
    for field, limit in (
        ("site_name", 80),
        ("tagline", 200),
        ("contact_text", 200),
        ("volunteer_call", 2000),
        ("credit_line", 200),
        ("copyright", 200),
    ):
        setattr(settings, f"{field}_en", cut(payloads[len(field) % len(payloads)], limit))
    settings.save()
    page = VolunteerPage.current()
    page.title_en = cut(payloads[2], 120)
    page.thanks_title_en = cut(payloads[3], 120)
    page.intro_en = "\n".join(payloads)
    page.thanks_en = "\n".join(payloads)
    page.save()
    notice = PrivacyNotice.current()
    notice.title_en = cut(payloads[4], 120)
    notice.body_en = "\n".join(payloads)
    notice.save()  # each save empties its record's cache


def plant_everything():
    planted = [plant_batch(number, payloads) for number, payloads in enumerate(batches())]
    plant_site_texts(PAYLOADS)
    assert Post.objects.published(timezone.now()).count() >= len(PAYLOADS)
    return planted


def addresses(planted):
    """The pages that show the payloads, in English."""
    urls = ["/en/", "/en/news/", "/en/volunteer/", "/en/volunteer/thanks/", "/en/privacy/"]
    for batch in planted:
        urls += [post.get_absolute_url() for post in batch["posts"]]
        urls.append(batch["category"].get_absolute_url())
        urls.append(batch["conference"].get_absolute_url())
        urls += [organization.get_absolute_url() for organization in batch["organizations"][:3]]
    urls += [f"/en/search/?q={WORD}", f"/en/search/?q={WORD}&page=2", "/en/conferences/"]
    return urls
