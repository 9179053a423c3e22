"""Every public page type (pages.py), in English and Russian (and Uzbek where a page asks for
it), with the demo content loaded:

- loads nothing from another host, weighs less than its budget, and has no script errors or
  Content-Security-Policy refusals;
- axe-core finds no WCAG 2.1 A or AA violation;
- a keyboard user reaches every control and sees where the focus is;
- the Nu Html Checker finds no error (all pages in one Java run).
"""

import pytest

from .checks import (
    axe_problems,
    console_problems,
    foreign_request_problems,
    keyboard_problems,
    visit,
    weight_problems,
)
from .pages import PUBLIC_PAGES, page_params

pytestmark = pytest.mark.browser


def _open(context, public_page, language):
    page = context.new_page()
    return page, visit(
        page,
        public_page.path_in(language),
        prepare=public_page.prepare,
        expected_status=public_page.status,
    )


def _report(problems: list[str]) -> str:
    return "\n".join(["", *problems])


@pytest.mark.parametrize(("public_page", "language"), page_params())
def test_page_stays_local_light_and_error_free(
    new_guarded_context, demo_content, public_page, language
):
    _page, page_visit = _open(new_guarded_context(), public_page, language)

    assert page_visit.status == public_page.status
    assert f'<html lang="{language}"' in page_visit.html
    problems = (
        foreign_request_problems(new_guarded_context.foreign_requests())
        + weight_problems(page_visit, public_page.code_budget_kb, public_page.total_budget_kb)
        + console_problems(page_visit)
    )
    assert not problems, _report(problems)


@pytest.mark.parametrize(("public_page", "language"), page_params())
def test_page_has_no_accessibility_violations(
    new_guarded_context, demo_content, public_page, language
):
    # axe-core is injected as a script, which the site's CSP rightly refuses.
    page, _visit = _open(new_guarded_context(bypass_csp=True), public_page, language)

    problems = axe_problems(page)
    assert not problems, _report(problems)


@pytest.mark.parametrize(("public_page", "language"), page_params())
def test_page_works_with_the_keyboard(new_guarded_context, demo_content, public_page, language):
    page, _visit = _open(new_guarded_context(), public_page, language)

    problems = keyboard_problems(page)
    assert not problems, _report(problems)


def test_every_page_is_valid_html(new_guarded_context, demo_content, html_checker):
    context = new_guarded_context()
    documents = {}
    for public_page in PUBLIC_PAGES:
        for language in public_page.languages:
            _page, page_visit = _open(context, public_page, language)
            documents[f"{public_page.name}-{language} ({page_visit.url})"] = page_visit.html

    errors = html_checker.check(documents)

    problems = [f"{name}: {error}" for name, found in errors.items() for error in found]
    assert len(errors) == len(documents)
    assert not problems, _report(problems)
