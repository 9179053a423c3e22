import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request made by an earlier test leaves its language
    active in the thread, and get_absolute_url() follows the active language."""
    with translation.override("en"):
        yield
