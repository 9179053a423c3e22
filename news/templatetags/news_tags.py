from django import template

register = template.Library()

# How wide the image is drawn, for the browser to pick a rendition (see static/css/site.css).
CARD_SIZES = "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
ARTICLE_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"


@register.inclusion_tag("news/_cover_image.html")
def cover_image(post, kind="card", eager=False):
    """A responsive <img> of the post's cover from its WebP renditions (never the original).

    `kind` is "card" (16:9 crops for lists) or "article" (the whole picture). Images below the
    fold load lazily; `eager` is for the first ones on a page.
    """
    if kind == "article":
        renditions = post.cover_fit_renditions()
        sizes = ARTICLE_SIZES
        default = renditions[min(1, len(renditions) - 1)] if renditions else None
    else:
        renditions = post.cover_card_renditions()
        sizes = CARD_SIZES
        default = renditions[0] if renditions else None
    if not default:
        return {"image": None}
    return {
        "image": {
            "src": default[0].url,
            "srcset": ", ".join(f"{r.url} {width}w" for r, width, _height in renditions),
            "sizes": sizes,
            "width": default[1],
            "height": default[2],
            "alt": post.cover_alt,
            # The article's cover is the largest thing above the fold: fetch it first.
            "priority": kind == "article",
        },
        "eager": eager,
    }
