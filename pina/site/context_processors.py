from pina.site.models import SiteSettings


def site(request):
    """The site settings record, for the header and footer of every page."""
    return {"site_settings": SiteSettings.current()}
