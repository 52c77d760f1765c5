"""Who made a change, and why, in the history rows that django-simple-history writes."""

from typing import Any, cast

from django.db.models import Model


def attribute_change(instance: Model, *, user: Any = None, reason: str | None = None) -> None:
    """Name ``user`` and ``reason`` (those given) in the history row of the next save of ``instance``.

    django-simple-history reads these two instance attributes when it writes that row (its
    documented way to set the history user and change reason by hand); it has no type information.
    """
    untyped = cast(Any, instance)
    if user is not None:
        untyped._history_user = user
    if reason is not None:
        untyped._change_reason = reason
