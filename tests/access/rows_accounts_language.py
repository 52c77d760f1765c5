"""Access rows of the language switch: anyone may choose a language (signed in: it is also stored)."""

from .table import Row, public

ROWS = [
    Row("switch_language", public(405), note="only POST"),
    Row(
        "switch_language",
        public(302),
        method="POST",
        data=lambda w: {"language": "nl", "next": "/richtlijnen/"},
        note="back to next; anonymous too (the cookie only)",
    ),
    Row(
        "switch_language",
        public(400),
        method="POST",
        data=lambda w: {"language": "fr"},
        note="a language the app does not speak",
    ),
]
