"""Fail-closed organisation scoping for organisation-owned models.

An organisation-owned model (one whose rows belong to exactly one
organisation, reached through a chain of foreign keys) uses
``OrganisationScopedQuerySet`` for its default manager. A queryset of it is
*scoped* once it is pinned to one organisation or one organisation-owned
object:

- ``.for_organisation(org)`` (or a model's own ``for_user(user)`` that calls
  ``.scoped_by_user()``),
- a ``filter()`` on the path to the organisation or on a foreign key to an
  organisation-owned model, e.g. ``filter(organisation=org)``,
  ``filter(organisation_id=...)``, ``filter(trajectory=trajectory)``,
  ``filter(trajectory__in=...)``; related managers (``trajectory.answers``,
  ``organisation.departments``, and a user's own ``user.memberships``) and
  prefetches filter like that too,
- ``.unscoped()``: the explicit escape hatch for code that must see every
  organisation (admin, backups, management commands, migrations of data).

With ``ORGANISATION_SCOPING_STRICT`` on (the default under tests) evaluating
an unscoped queryset (iterating, ``get``, ``count``, ``exists``,
``aggregate``, ``update``, ``delete`` …) raises ``UnscopedQueryError``, so a
view that forgets the organisation fails its test instead of showing
another organisation's data. In production the check is off: the access
helpers remain the enforcement, the check is the tests' safety net.

Adopting it in a model::

    class Kpi(models.Model):
        organisation = models.ForeignKey(Organisation, ...)
        objects = OrganisationScopedQuerySet.as_manager()

    class Measurement(models.Model):
        kpi = models.ForeignKey(Kpi, ...)
        organisation_path = "kpi__organisation"      # only needed when not "organisation"
        objects = OrganisationScopedQuerySet.as_manager()

A model with its own queryset subclasses ``OrganisationScopedQuerySet``.
``organisation_owned_models()`` finds every model with a foreign-key path to
Organisation; a test checks that each of them adopts this queryset.
"""

import contextvars
import functools
from collections import deque
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP


class UnscopedQueryError(RuntimeError):
    """An organisation-owned queryset was evaluated without an organisation scope."""


_allow_unscoped = contextvars.ContextVar("allow_unscoped", default=False)


@contextmanager
def unscoped_access():
    """Allow unscoped queries in a block (the admin, backups, data commands)."""
    token = _allow_unscoped.set(True)
    try:
        yield
    finally:
        _allow_unscoped.reset(token)


def organisation_path(model) -> str:
    """The lookup path from ``model`` to Organisation, e.g. ``"trajectory__organisation"``.

    Found by walking the foreign keys (see ``organisation_owned_models``); a
    model may name it explicitly with a class attribute ``organisation_path``.
    """
    explicit = getattr(model, "organisation_path", None)
    if explicit:
        return explicit
    model = model._meta.concrete_model
    return organisation_owned_models().get(model, "organisation")


def is_scoped_model(model) -> bool:
    """Whether the model's default manager is organisation-scoped."""
    queryset_class = getattr(model._default_manager, "_queryset_class", None)
    return isinstance(queryset_class, type) and issubclass(queryset_class, OrganisationScopedQuerySet)


def _is_organisation_or_owned(model) -> bool:
    return model._meta.label == "chefcirculair.Organisation" or is_scoped_model(model)


_M = TypeVar("_M", bound=models.Model)


class OrganisationScopedQuerySet(models.QuerySet[_M]):
    _organisation_scoped = False

    # --- ways to scope --------------------------------------------------------

    def for_organisation(self, organisation):
        return self.filter(**{organisation_path(self.model): organisation})

    def _marked_scoped(self):
        """A copy that the scope check lets through."""
        clone = self._chain()
        clone._organisation_scoped = True
        return clone

    def unscoped(self):
        """Every organisation's rows, on purpose (admin, backups, maintenance)."""
        return self._marked_scoped()

    def scoped_by_user(self):
        """Mark a queryset that a model's ``for_user`` has limited to one user's own rows."""
        return self._marked_scoped()

    def none(self):
        return super().none()._marked_scoped()

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        if not negate and not clone._organisation_scoped and self._pins_scope(args, kwargs):
            clone._organisation_scoped = True
        return clone

    def _pins_scope(self, args, kwargs) -> bool:
        lookups = list(kwargs)
        for arg in args:
            if isinstance(arg, Q) and arg.connector == Q.AND and not arg.negated:
                lookups.extend(child[0] for child in arg.children if isinstance(child, tuple))
        return any(self._lookup_pins_scope(lookup) for lookup in lookups)

    def _lookup_pins_scope(self, lookup: str) -> bool:
        parts = lookup.split(LOOKUP_SEP)
        if parts[-1] in {"exact", "in"}:
            parts = parts[:-1]
        if not parts:
            return False
        path = organisation_path(self.model).split(LOOKUP_SEP)
        # A prefix of the path to the organisation: organisation, trajectory, trajectory__organisation …
        normalised = [*parts[:-1], parts[-1].removesuffix("_id")]
        if normalised == path[: len(normalised)]:
            return True
        # A foreign key to another organisation-owned model (a category, a department …),
        # also at the end of a chain of foreign keys (``web__category``, ``kpi__trajectory``).
        model = self.model
        for index, part in enumerate(parts):
            name = part.removesuffix("_id") if index == len(parts) - 1 else part
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                return False
            related = getattr(field, "related_model", None)
            if not (field.many_to_one or field.one_to_one) or field.auto_created or related is None:
                return False
            model = related
        return _is_organisation_or_owned(model)

    # --- propagation and the check ----------------------------------------------

    def _clone(self):
        clone = super()._clone()
        clone._organisation_scoped = self._organisation_scoped
        return clone

    def _check_scope(self):
        if self._organisation_scoped or not settings.ORGANISATION_SCOPING_STRICT or _allow_unscoped.get():
            return
        # Related managers and prefetches of an organisation or an owned object
        # filter on it (partly through query.add_q, which bypasses filter()).
        # A user's own rows (user.memberships, user.trajectory_roles) count as scoped too.
        instance = self._hints.get("instance")
        if instance is not None and (
            _is_organisation_or_owned(type(instance)) or isinstance(instance, get_user_model())
        ):
            return
        raise UnscopedQueryError(
            f"{self.model._meta.label} queried without an organisation scope. Use "
            f".for_organisation(org), filter on {organisation_path(self.model)!r} or a related object, "
            "or .unscoped() where every organisation is meant."
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()

    def in_bulk(self, *args, **kwargs):
        self._check_scope()
        return super().in_bulk(*args, **kwargs)


# Cached: a static mapping derived from the app registry, which is fixed once the apps are loaded.
@functools.cache
def organisation_owned_models() -> dict:
    """Every concrete model with a foreign-key path to Organisation, with that path.

    A breadth-first walk over non-nullable foreign keys (and one-to-one
    fields, e.g. a category's product strategy), so the path is the
    shortest chain of owning parents (Answer → trajectory → organisation).
    Historical (django-simple-history) models are left out: they follow
    their model.
    """
    from .models import Organisation

    paths: dict = {Organisation: ""}
    candidates = [
        model
        for model in apps.get_models()
        if model is not Organisation and not hasattr(model, "instance_type") and not model._meta.proxy
    ]
    queue: deque[type[models.Model]] = deque([Organisation])
    while queue:
        parent = queue.popleft()
        for model in candidates:
            if model in paths:
                continue
            for field in model._meta.concrete_fields:
                if (
                    (field.many_to_one or field.one_to_one)
                    and not field.null
                    and not getattr(field.remote_field, "parent_link", False)
                    and field.related_model is parent
                ):
                    prefix = paths[parent]
                    paths[model] = f"{field.name}{LOOKUP_SEP}{prefix}" if prefix else field.name
                    queue.append(model)
                    break
    # The user side of a membership is not organisation data, so Organisation is the root.
    return {model: path.removesuffix(LOOKUP_SEP) for model, path in paths.items() if model is not Organisation}


class AdminScopeMiddleware:
    """The Django admin works across organisations on purpose (staff only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse

        if request.path.startswith(reverse("admin:index")):
            with unscoped_access():
                return self.get_response(request)
        return self.get_response(request)
