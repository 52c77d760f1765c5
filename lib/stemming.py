"""Dutch stems for search without PostgreSQL: the same Snowball stemmer and stop words as its "dutch" configuration.

PostgreSQL's ``dutch`` text search configuration stems with Snowball's Dutch
(Porter) stemmer and drops the Snowball Dutch stop words. On SQLite the index
keeps the same stems in ``SearchEntry.stems`` (``index_text``) and a query is
stemmed the same way (``stem_words``), so "herbruikbaar" finds "herbruikbare"
and "hergebruikte" finds "hergebruikt" on both databases.

The stemmer is ``snowballstemmer``'s ``dutch_porter``: the algorithm PostgreSQL
ships as ``dutch_stem``. (Its newer ``dutch`` stemmer differs: "herbruikbaar"
and "herbruikbare" get different stems there.) ``tests/learning/test_search.py``
compares the stems with PostgreSQL's own when it runs on PostgreSQL.
"""

import re

import snowballstemmer

ALGORITHM = "dutch_porter"
# Between the parts of an indexed text (title, place, body): a phrase never runs across it.
PART_SEPARATOR = "|"
# The Snowball Dutch stop word list, as PostgreSQL's tsearch_data/dutch.stop.
STOP_WORDS = frozenset(
    (
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    )
)
# Letters and digits make a word (as PostgreSQL's parser splits words); "deelauto's" is the word "deelauto".
WORD = re.compile(r"[^\W_]+", re.UNICODE)
_APOSTROPHE_S = re.compile(r"(?<=[^\W_])['’]s\b", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, in order: "Deelauto's en ICT-hardware" → deelauto, en, ict, hardware."""
    return WORD.findall(_APOSTROPHE_S.sub("", (text or "").lower()))


class Stems:
    """Stems words with one stemmer and remembers them for one piece of work (a text, a query, a page).

    snowballstemmer's stemmers keep state while they stem, so each piece of work gets its own.
    """

    def __init__(self) -> None:
        self._stemmer = snowballstemmer.stemmer(ALGORITHM)
        self._seen: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of one lower-case word; "" for a stop word."""
        if word not in self._seen:
            self._seen[word] = "" if word in STOP_WORDS else self._stemmer.stemWord(word)
        return self._seen[word]

    def of(self, text: str) -> list[str]:
        """The stems of the words of ``text``, in order, stop words left out."""
        return [stem for stem in map(self.stem, words(text)) if stem]


def stem_words(text: str) -> str:
    """The stems of ``text`` joined by spaces: "Herbruikbare laptops" → "herbruik laptop"; "" for only stop words."""
    return " ".join(Stems().of(text))


def index_text(*parts: str) -> str:
    """What ``SearchEntry.stems`` holds: the parts' stems, each surrounded by spaces, the parts kept apart.

    A term is found as " stem ", a phrase as " stem stem "; neither matches across two parts.
    """
    stems = Stems()
    return " " + f" {PART_SEPARATOR} ".join(" ".join(stems.of(part)) for part in parts) + " "
