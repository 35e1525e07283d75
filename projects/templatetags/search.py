"""Search in templates: `{% load search %}`, then `{{ project.title|highlight:query }}`."""

import unicodedata

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from projects.search import matched_spans

register = template.Library()


@register.filter
def highlight(text, query):
    """The text, HTML-escaped, with each place the search found a word of the query in <mark>…</mark>.

    The text is always escaped, even one marked safe: it is plain text, never HTML.
    """
    text = unicodedata.normalize("NFC", "" if text is None else str(text))
    if not isinstance(query, str):
        return escape(text)
    pieces, done = [], 0
    for start, end in matched_spans(text, query):
        pieces += [escape(text[done:start]), "<mark>", escape(text[start:end]), "</mark>"]
        done = end
    pieces.append(escape(text[done:]))
    return mark_safe("".join(pieces))
