"""The access table: every named URL × every persona → the expected status.

Each app lists its rows in ``tests/access/rows_<app>.py`` as ``ROWS``. A row
names the URL, how to build its arguments from the world, the method (and
POST data), and the expected status per persona, usually through one of the
profiles below.

Supplier users (world.SUPPLIER_PERSONAS) have no membership: outside their own
pages (tests/access/rows_suppliers.py) they get what a logged-in non-member gets.

The personas include readers (lezer, duurzaamheidsadviseur) who hold each team
role on every trajectory of organisation A (world.READER_TEAM_PERSONAS): the
profiles give them what any reader gets, so every write URL must refuse them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .world import PERSONAS, ROLE_PERSONAS, SUPPLIER_PERSONAS

EDITOR_PERSONAS = {"inkoper", "opdrachtgever", "contractmanager", "chef"}
MANAGER_PERSONAS = {"chef"}


def public(status: int = 200) -> dict[str, int]:
    """Anyone, logged in or not."""
    return dict.fromkeys(PERSONAS, status)


def logged_in(status: int = 200) -> dict[str, int]:
    """Any logged-in user; anonymous users go to the login page."""
    return {**dict.fromkeys(PERSONAS, status), "anonymous": 302}


def members(status: int = 200) -> dict[str, int]:
    """Members of organisation A read; outsiders and non-members (staff, suppliers) get 404."""
    return {
        "anonymous": 302,
        "outsider": 404,
        "staff": 404,
        **dict.fromkeys(SUPPLIER_PERSONAS, 404),
        **dict.fromkeys(ROLE_PERSONAS, status),
    }


def non_members(profile: dict[str, int], status: int = 404) -> dict[str, int]:
    """``profile`` with ``status`` for the logged-in users without a membership (staff, supplier users)."""
    return {**profile, "staff": status, **dict.fromkeys(SUPPLIER_PERSONAS, status)}


def editors(status: int = 200) -> dict[str, int]:
    """Roles that edit dossiers change; other members of A get 403."""
    expected = members(403)
    expected.update(dict.fromkeys(EDITOR_PERSONAS, status))
    return expected


def managers(status: int = 200) -> dict[str, int]:
    """Only the chef circulair of organisation A."""
    expected = members(403)
    expected.update(dict.fromkeys(MANAGER_PERSONAS, status))
    return expected


@dataclass
class Row:
    name: str
    expect: dict[str, int]
    method: str = "GET"
    kwargs: Callable = field(default=lambda world: {})
    data: Callable = field(default=lambda world: {})
    htmx: bool = False
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{' (htmx)' if self.htmx else ''}{' ' + self.note if self.note else ''}"
