"""How a higher app adds to a lower app's pages without the lower app importing it.

The lower app declares an ``ExtensionPoint`` (a typed list) in a module of its own;
the higher app imports that module and registers into it in its ``AppConfig.ready()``.
So every such link is an ordinary import from a higher app to a lower one, which the
import linter checks (docs/architecture.md), and the registered things are typed
objects, not dotted paths in settings. Apps are ready in the order of INSTALLED_APPS
(bottom to top), so what they register comes in that order.
"""

from collections.abc import Iterator


class ExtensionPoint[T]:
    """A list of ``T`` that higher apps register into once, at start-up."""

    def __init__(self, description: str):
        self.description = description
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add ``item`` (once; registering it again changes nothing) and return it, so it works as a decorator."""
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.description!r}: {len(self._items)} registered>"
