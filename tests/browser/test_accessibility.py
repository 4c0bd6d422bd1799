"""axe-core in Chromium finds nothing on any reader page type, on a phone and a desktop, in
the light and the dark colour scheme, with the demo content."""

import pytest
from django.core.management import call_command

from tests.checkers import AXE, require
from tests.demo_pages import page_types

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}× ` +
    v.nodes.slice(0, 2).map(n => n.target.join(" ")).join(" | "));
}
"""


@pytest.mark.parametrize("width", [375, 1440])
def test_no_axe_violations_on_any_page_type(browser, live_server, transactional_db, width):
    script = require(AXE, "axe-core").read_text()
    call_command("load_demo", verbosity=0)
    paths = page_types()
    found = {}
    for scheme in ("light", "dark"):
        # axe is added as a script of its own: the site's CSP would rightly refuse it.
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900},
            color_scheme=scheme,
            bypass_csp=True,
        )
        page = context.new_page()
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(content=script)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{scheme} {path}"] = violations
        context.close()
    assert found == {}
