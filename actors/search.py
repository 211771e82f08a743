"""What a search box may ask of the database.

Every word of a search is one more condition (a LIKE over several columns):
1,500 words made a query too deep for SQLite and took seconds on PostgreSQL.
A search keeps its first words and a bounded length; nobody types more.
"""

from django import forms

SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 200


def search_query(value) -> str:
    """The search as one line of single spaces, at most SEARCH_MAX_WORDS words and
    SEARCH_MAX_LENGTH characters."""
    words = str(value or "")[: SEARCH_MAX_LENGTH * 10].split()[:SEARCH_MAX_WORDS]
    return " ".join(words)[:SEARCH_MAX_LENGTH].strip()


def search_words(value) -> list[str]:
    return search_query(value).split()


class SearchField(forms.CharField):
    """A free-text search box: whatever is typed is cut to what search_query keeps,
    never refused (a filter form that fails shows everything unfiltered)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return search_query(super().to_python(value))
