"""Caching shared by every page: the content version (a leaf module every other piece reads), the
whole-page cache for anonymous visitors, cached fragments and the `{% content_cache %}` tag, the
invalidation that bumps the version when content changes, and the database cache backend used
when there is no Redis."""
