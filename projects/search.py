"""Text search that ignores case in every language, the same on SQLite and PostgreSQL.

SQLite's LIKE (and PostgreSQL in the C locale) folds ASCII only: `алма` would not find
`Алмалы`, nor `әлем` find `ӘЛЕМ`. So projects and organisations keep their texts in all
languages folded here, in Python, in a column of their own; a query is folded the same way
and matched against that column with a plain, case-sensitive `contains`.
"""

import unicodedata


def fold(text):
    """Text as the search compares it: Unicode-normalised, case-folded, with ё read as е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def fold_all(*texts):
    """One folded, searchable string from several texts; empty, missing and repeated ones are left out."""
    return "\n".join(dict.fromkeys(fold(text) for text in texts if text))


def search_terms(query):
    """The folded words of a query, each once, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))
