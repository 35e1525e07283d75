"""A page's numbered list of sources, so that each fact on it can carry a mark such as [2] (see the `cite` tag)."""


class Citations:
    """The distinct sources a page cites, oldest first (undated last), numbered from 1."""

    def __init__(self, sources):
        unique = {source.pk: source for source in sources if source is not None}
        self.sources = sorted(
            unique.values(), key=lambda source: (source.published_on is None, source.published_on, source.pk)
        )
        self._numbers = {source.pk: number for number, source in enumerate(self.sources, start=1)}

    def __iter__(self):
        return iter(self.sources)

    def __len__(self):
        return len(self.sources)

    def number(self, source):
        return self._numbers.get(source.pk)
