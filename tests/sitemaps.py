"""Reading the site's sitemap as a crawler does: the index at /sitemap.xml, then every page of
every section it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 (the site's own sitemap)


def sitemap_pages(client) -> list[str]:
    """The addresses (path and query) of the sitemaps the index lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = parse_xml(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    pages = []
    for loc in index.iter(f"{SITEMAP}loc"):
        parts = urlsplit(loc.text)
        pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def sitemap_documents(client) -> list[bytes]:
    documents = []
    for page in sitemap_pages(client):
        response = client.get(page)
        assert response.status_code == 200, page
        assert response["Content-Type"].startswith("application/xml")
        documents.append(response.content)
    return documents


def sitemap_xml(client) -> str:
    """Every page of every section, as one text (for `in` checks)."""
    return "\n".join(document.decode() for document in sitemap_documents(client))


def sitemap_entries(client) -> list:
    """Every <url> element of every page, in order."""
    return [
        url
        for document in sitemap_documents(client)
        for url in parse_xml(document).findall(f"{SITEMAP}url")
    ]
