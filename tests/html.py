"""Reading a page's HTML in tests."""

import re


def attributes_of(html, name):
    """The attributes of the first form element (input, select, textarea) called ``name``:
    {attribute: value}, "" for an attribute without a value (``required``)."""
    match = re.search(rf'<(input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert match, f"no form element named {name!r}"
    return dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', match.group(0)[len(match.group(1)) + 1 :]))
