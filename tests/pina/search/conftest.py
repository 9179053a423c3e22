# The news tests moved here (search, paging) keep the news folder's autouse fixture.
from tests.news.conftest import _english_by_default  # noqa: F401
