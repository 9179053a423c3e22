"""Every public page type fits a phone (375 px) and a desktop (1280 px) without sideways
scrolling, in each language it is checked in.

`make screenshots` runs this with SCREENSHOTS_DIR=docs/screenshots, which also saves a full-page
PNG of each page type at both widths (English) for the README. Look at them after a change.
"""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from .pages import PUBLIC_PAGES, SCREENSHOT_LANGUAGE, SCREENSHOT_WIDTHS

pytestmark = pytest.mark.browser


def save_small_png(png: bytes, path: Path) -> None:
    """A palette PNG: the site's flat colours survive and the file is a fraction of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda public_page: public_page.name)
def test_page_fits_phone_and_desktop(new_guarded_context, demo_content, public_page):
    folder = os.environ.get("SCREENSHOTS_DIR")
    for width in SCREENSHOT_WIDTHS:
        context = new_guarded_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for language in public_page.languages:
            page.goto(public_page.path_in(language))
            if public_page.prepare:
                public_page.prepare(page)

            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (
                f"{public_page.name}-{language}: {overflow}px too wide at {width}px"
            )

            if folder and language == SCREENSHOT_LANGUAGE:
                path = Path(folder) / f"{public_page.name}-{width}.png"
                save_small_png(page.screenshot(full_page=True), path)
