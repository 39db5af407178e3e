"""axe-core in the browser tests: run it on a page, report WCAG 2.1 A/AA violations readably.

axe-core is vendored in ``vendor/`` (version in ``vendor/VERSION``) instead of the copy inside
axe-playwright-python: that wheel lags behind axe-core releases (0.1.8 ships 4.12.1, npm has
4.14.1) and its ``Axe.run`` builds the JavaScript call from Python's ``repr``. Here the options go
to ``axe.run`` as a real argument.

The script is injected with ``page.evaluate``, which the DevTools protocol runs outside the
page's Content-Security-Policy; a ``<script>`` tag would rightly be refused by our CSP.
"""

from pathlib import Path

AXE_SCRIPT = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

# The conformance target of the portal (BITV 2.0 refers to EN 301 549, i.e. WCAG 2.1 AA).
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (options) => {
  const results = await axe.run(document, options);
  return {version: results.testEngine.version, violations: results.violations};
}
"""


def axe_violations(page):
    """Return axe-core's WCAG 2.1 A/AA violations on the current page (a list of dicts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        RUN_AXE,
        {"runOnly": {"type": "tag", "values": WCAG21_AA_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def format_violations(violations):
    """One block per violation: rule id, impact, help text and the failing nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """Fail with a readable list when axe-core finds a WCAG 2.1 A/AA violation on the page."""
    violations = axe_violations(page)
    assert violations == [], (
        f"{len(violations)} axe-core violation(s) of WCAG 2.1 A/AA on {page.url}:\n"
        + format_violations(violations)
    )
