"""Fuzzing import_organisation: a tampered file is imported or refused as a whole, never crashes.

Starting from a valid export (Gemeente Alfa under a new slug), one field of one row is
replaced by hostile JSON. The import either succeeds, leaving every other organisation
and every account's rights as they were, or refuses with a message naming the row and
writes nothing.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.production.test_backup import everything, gamma_copy, state

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "0", "-1", "9" * 40, "2026-13-45", "R0", "", "klaar"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@pytest.fixture
def valid(world):
    """The valid file, and the state of the organisations already here (each example rolls back)."""
    return json.dumps(gamma_copy(world)), {org: state(org) for org in (world.org_a, world.org_b)}


@given(data=st.data())
def test_a_tampered_file_is_imported_whole_or_refused_whole(valid, tmp_path, data):
    text, others = valid
    document = json.loads(text)
    section = data.draw(st.sampled_from(["models", "history"]))
    label = data.draw(st.sampled_from(sorted(document[section])))
    rows = document[section][label]
    if not rows:
        return
    row = data.draw(st.sampled_from(rows))
    name = data.draw(st.one_of(st.sampled_from(sorted(row["fields"]) or ["x"]), st.text(min_size=1, max_size=12)))
    row["fields"][name] = data.draw(HOSTILE)
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document))
    before = everything()
    with transaction.atomic():
        try:
            call_command("import_organisation", str(path), "--match-users-by-email", verbosity=0, stdout=StringIO())
        except CommandError as refusal:
            assert "Nothing was imported" in str(refusal)
            assert everything() == before
        else:
            assert {org: state(org) for org in others} == others
            assert everything()["users"] == before["users"]
        transaction.set_rollback(True)
