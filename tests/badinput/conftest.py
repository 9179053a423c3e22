import pytest

from tests.events.factories import ConferenceFactory, OrganizationFactory, RoleFactory
from tests.news.factories import CategoryFactory, PostFactory


@pytest.fixture
def content(db):
    """One of everything a public page can show, so pages render fully, not only as empty."""
    category = CategoryFactory()
    post = PostFactory(category=category, title_en="Partners meet in Tashkent")
    conference = ConferenceFactory(title_en="Regional meeting on safe migration")
    organization = OrganizationFactory()
    RoleFactory(conference=conference, organization=organization)
    return {
        "category": category,
        "post": post,
        "conference": conference,
        "organization": organization,
    }
