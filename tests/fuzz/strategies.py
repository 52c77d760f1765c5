"""Hostile form input: arbitrary text and numbers, empty and huge values, junk fields."""

from hypothesis import strategies as st

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "0",
        "-1",
        "1e309",
        "NaN",
        "99999999999999999999999999",
        "3,14",
        "2026-02-30",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "€ ï 漢字 \u202e",
        "x" * 20_000,
    ]
)

FIELD_VALUE = st.one_of(
    NASTY_TEXT,
    st.text(max_size=300),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.lists(st.text(max_size=20), max_size=3),
)

JUNK_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-[]0123456789", min_size=1, max_size=20)


def hostile_data(field_names) -> st.SearchStrategy[dict]:
    """Any subset of the form's fields with hostile values, plus a few junk fields."""
    names = sorted(set(field_names))
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(names, FIELD_VALUE)) if names else st.just({})
    junk = st.dictionaries(JUNK_NAME, FIELD_VALUE, max_size=3)
    return st.tuples(known, junk).map(lambda pair: {**pair[1], **pair[0]})


def as_query_dict(data: dict):
    """Form data as a request carries it: every value a list of strings."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return query
