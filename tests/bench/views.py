"""The benchmark's ceiling: the cheapest page the site could serve through the same middleware."""

from django.http import HttpResponse

from pina.caching.page_cache import page_cache_exempt


@page_cache_exempt
def ceiling(request):
    """A plain response, never from the page cache, so it measures the stack alone."""
    return HttpResponse("PINA ceiling\n", content_type="text/plain; charset=utf-8")
