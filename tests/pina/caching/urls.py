"""The site's URLs plus views that exercise the page cache's rules."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from pina.caching.page_cache import page_cache_exempt
from pina.caching.parameters import reads_query
from pina.urls import urlpatterns as site_urlpatterns

calls = {"count": 0}

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<input name="name"><button>Send</button></form>'
)


@reads_query("page")
def counted(request):
    calls["count"] += 1
    if request.method == "POST":
        return HttpResponse(f"posted {calls['count']}")
    return HttpResponse(f"page rendered {calls['count']} times " + "x" * 200)


def sets_cookie(request):
    response = HttpResponse("with a cookie")
    response.set_cookie("seen", "1")
    return response


def form_page(request):
    if request.method == "POST":
        return HttpResponse(f"thanks {request.POST.get('name', '')}")
    return HttpResponse(FORM.render({}, request))


@never_cache
def private_page(request):
    return HttpResponse(f"private {calls['count']}")


@page_cache_exempt
def exempt_page(request):
    return HttpResponse("exempt")


def varies_on_agent(request):
    response = HttpResponse(request.headers.get("user-agent", ""))
    patch_vary_headers(response, ["User-Agent"])
    return response


urlpatterns = [
    *site_urlpatterns,
    path("test/counted/", counted),
    path("test/cookie/", sets_cookie),
    path("test/form/", form_page),
    path("test/private/", private_page),
    path("test/exempt/", exempt_page),
    path("test/vary/", varies_on_agent),
]
