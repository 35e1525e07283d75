"""Text search that ignores case and script, the same on SQLite and PostgreSQL.

SQLite's LIKE (and PostgreSQL in the C locale) folds ASCII only: `алма` would not find
`Алмалы`, nor `әлем` find `ӘЛЕМ`. So projects and organisations keep their texts in all
languages folded here, in Python, in a column of their own; a query is folded the same way
and matched against that column with a plain, case-sensitive `contains`.

People also write a name in the other script: Latin names in Cyrillic ("пепсико" for PepsiCo,
"к-парк" for K-Park) and Kazakh in Latin letters, in the 2021 alphabet ("Qonaev", "Şymkent") or
the informal one ("Konaev", "Shymkent"). So each folded text is followed in the column by its
*skeleton*: the text spelled in a small Latin alphabet where the spellings people use for one
sound become one spelling. The rules, applied to the folded text:

- Letters that keep their mark: ş → sh, ç → ch (Kazakh Latin, 2021); every other accent is
  dropped (ä → a, ö → o, ü and ū → u, ğ → g, ñ → n, й → и, é → e).
- "ye" at the start of a word → e; then letter groups, left to right, the longest first:
  shch and sh → sh, ch → ch, zh, dzh and дж → j, kh → h, ph → f, ck → k, c before e, i or y → s.
- Then one letter at a time: Cyrillic (Russian and Kazakh) to Latin, ә → a, ғ → g, қ → k, ң → n,
  ө → o, у, ұ and ү → u, и, і and ы → i, х and һ → h, ж → j, ц → ts, ч → ch, ш and щ → sh,
  ю → iu, я → ia, ъ and ь dropped; Latin ı and y → i, q and c → k, w → v, x → ks; apostrophes
  dropped. Digits, hyphens and other signs stay as they are.

So Қонаев, Qonaev and Konaev are all "konaev", PepsiCo and пепсико "pepsiko", K-Park and к-парк
"k-park", Шымкент, Şymkent and Shymkent "shimkent". Letters that stand for different sounds stay
apart (s and sh, a and o, k and h), so "сан" does not find "Shanyrak", nor "кола" find "Qala".

A query word matches when the column contains its folded form or its skeleton, the latter only
when it is at least SKELETON_MIN_LENGTH characters long: shorter ones ("ай" → "ai") would find a
great many unrelated words in the other script. Each word is still looked up in one column
(two `contains` joined by OR at most), which PostgreSQL's trigram indexes serve.
"""

import re
import unicodedata

# A query word's skeleton is looked up only from this length (see above).
SKELETON_MIN_LENGTH = 3

# Marks that tell a sound apart, kept as the Cyrillic letter before the other accents go.
_MARKED = {"ş": "ш", "ș": "ш", "ç": "ч"}
# What NFD leaves of accents: the combining diacritical marks.
_ACCENTS = re.compile("[\u0300-\u036f]")
# "ye" not after a letter (the y first, so that the regex looks for it quickly).
_WORD_INITIAL_YE = re.compile(r"y(?<![^\W\d_]y)e")
# Latin letter groups, replaced in this order (the same as left to right, longest first), by the Cyrillic
# letter that the last step spells in the skeleton.
_GROUPS = {
    "shch": "ш",
    "dzh": "ж",
    "zh": "ж",
    "дж": "ж",
    "ch": "ч",
    "sh": "ш",
    "ck": "к",
    "kh": "х",
    "ph": "ф",
    "ce": "се",
    "ci": "си",
    "cy": "си",
}
_LETTERS = str.maketrans(
    {
        **dict(zip("абвгдезиклмнопрстуфыэ", "abvgdeziklmnoprstufie", strict=True)),
        **dict(zip("әғқңөұүһіхжı", "agknouuhihji", strict=True)),
        **{"ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ю": "iu", "я": "ia", "ъ": None, "ь": None},
        **{"c": "k", "q": "k", "w": "v", "x": "ks", "y": "i", "'": None, "’": None, "ʼ": None},
    }
)
# A word of a text, for highlighting: letters and digits, joined by hyphens and apostrophes.
_WORD = re.compile(r"\w+(?:[-'’ʼ]\w+)*")


def fold(text):
    """Text as the search compares it: Unicode-normalised, case-folded, with ё read as е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def fold_all(*texts):
    """One folded, searchable string from several texts; empty, missing and repeated ones are left out."""
    return "\n".join(dict.fromkeys(fold(text) for text in texts if text))


def skeleton(text):
    """The text folded, then spelled by the rules above: "Қонаев", "Qonaev" and "Konaev" all give "konaev"."""
    text = fold(text)
    for letter, spelling in _MARKED.items():
        text = text.replace(letter, spelling)
    text = _WORD_INITIAL_YE.sub("е", _ACCENTS.sub("", unicodedata.normalize("NFD", text)))
    for group, spelling in _GROUPS.items():
        text = text.replace(group, spelling)
    return text.translate(_LETTERS)


def searchable(*texts):
    """The search column's content: the folded texts (as fold_all()), then their skeletons; each line once."""
    folded = fold_all(*texts).splitlines()
    return "\n".join(dict.fromkeys([*folded, *map(skeleton, folded)]))


def search_terms(query):
    """The folded words of a query, each once, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))


def spellings(term):
    """The forms a folded query word is looked up in: itself, and its skeleton when that differs and is long
    enough."""
    key = skeleton(term)
    return [term] if key == term or len(key) < SKELETON_MIN_LENGTH else [term, key]


def matched_spans(text, query):
    """Where the search finds the words of `query` in `text`, as sorted, separate (start, end) pairs.

    A word of the query found as typed (in any case) is marked exactly; one found only by its skeleton
    marks the whole word of the text that holds it.
    """
    terms = search_terms(query)
    folded, origins = [], []
    for position, character in enumerate(text):
        piece = fold(character)
        folded.append(piece)
        origins += [position] * len(piece)
    folded = "".join(folded)
    spans = []
    for term in terms:
        found = folded.find(term)
        while found >= 0:
            spans.append((origins[found], origins[found + len(term) - 1] + 1))
            found = folded.find(term, found + len(term))
    across = [(term, key) for term in terms for key in spellings(term)[1:]]
    if across:
        for word in _WORD.finditer(text):
            folded_word, word_skeleton = fold(word[0]), skeleton(word[0])
            if any(key in word_skeleton and term not in folded_word for term, key in across):
                spans.append(word.span())
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
