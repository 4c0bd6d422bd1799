"""Every page type, with the demo content, on a 375 px phone and a 1440 px desktop: no page
scrolls sideways and no element reaches past the edge of the screen."""

import pytest
from django.core.management import call_command

from tests.demo_pages import page_types

# Whatever sticks out of the viewport, unless a scrolling (or clipping) box holds it.
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || element.closest(".skip-link")) continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    let held = false;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") { held = true; break; }
    }
    if (!held) found.push(`${element.tagName.toLowerCase()}.${element.className} ` +
                          `${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, found: found.slice(0, 5)};
}
"""


@pytest.mark.parametrize("width", [375, 1440])
def test_no_page_type_scrolls_sideways(page, width):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": width, "height": 900})

    for path in page_types():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        layout = page.evaluate(OVERFLOWING)
        assert layout["scroll"] <= layout["width"], (path, layout)
        assert layout["found"] == [], (path, layout)
