"""The search page, `/<lang>/search/?q=`: every searchable model's matches, best first."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from pina.content.paging import page_number, page_or_404
from pina.search.query import MAX_QUERY_LENGTH, clean_query, excerpt, highlight, highlight_pattern
from pina.search.results import MergedResults, search_sources


class SearchView(TemplateView):
    """`/<lang>/search/?q=`: every searchable model's matches, best first, 10 a page."""

    template_name = "search.html"
    paginate_by = 10
    query_parameters = ("q", "page")  # pina.caching.parameters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = clean_query(raw)
        context.update(
            {
                "search_query": query,
                "query_was_cut": len(" ".join(str(raw).split())) > MAX_QUERY_LENGTH,
                "results": [],
                "page_obj": None,
            }
        )
        if not query:
            return context
        number = page_number(self.request.GET.get("page"))
        merged = MergedResults(search_sources(), query)
        paginator = Paginator(merged, self.paginate_by)
        page = page_or_404(paginator, number)
        pattern = highlight_pattern(query)
        context["page_obj"] = page
        context["extra_query"] = urlencode({"q": query})
        context["paginator"] = paginator
        context["results_truncated"] = merged.truncated
        context["results"] = [
            {
                "url": result.url,
                "title": highlight(result.title, pattern),
                "excerpt": excerpt(result.text, pattern),
                "label": result.label,
                "machine_date": result.machine_date,
                "shown_date": result.shown_date,
                "fallback_language": result.fallback_language,
            }
            for result in page.object_list
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Result pages are thin, ever-changing duplicates of the content: keep them out of indexes.
        response["X-Robots-Tag"] = "noindex, follow"
        return response
