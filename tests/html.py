"""Reading a page's HTML in tests."""

import re
from html.parser import HTMLParser


def attributes_of(html, name):
    """The attributes of the first form element (input, select, textarea) called ``name``:
    {attribute: value}, "" for an attribute without a value (``required``)."""
    match = re.search(rf'<(input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert match, f"no form element named {name!r}"
    return dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', match.group(0)[len(match.group(1)) + 1 :]))


# Elements that start a line of their own in the browser: their text never runs into the text
# around them (inline elements like <a>, <span>, <strong> do).
BLOCK_ELEMENTS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "nav"),
        *("ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "title", "tr", "ul"),
    }
)
# Elements whose content is no text a reader sees.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript"})


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [[]]
        self.hidden = 0

    def _break(self):
        if self.lines[-1]:
            self.lines.append([])

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag in BLOCK_ELEMENTS:
            self._break()

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_ELEMENTS:
            self._break()

    def handle_data(self, data):
        if not self.hidden:
            self.lines[-1].append(data)


def page_text(html):
    """The text of a page as a reader sees it: one line per block (paragraph, heading, list
    item, cell …), whitespace collapsed as the browser does (inline elements run on)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join("".join(parts).split()) for parts in parser.lines)
    return "\n".join(line for line in lines if line)
