"""Deleting organisation data the chef circulair manages, only when no record refers to it.

Django's collector follows every relation, so the core app needs to know none of
the apps that build on it: rows that refer to the object with RESTRICT or PROTECT
(trajectories, KPIs, measurements) block the deletion and are listed; rows that
cascade (a category's product strategy with its milestones, its ambitieweb) are
named on the confirmation page and go with it.
"""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

EXAMPLES_SHOWN = 5


def _grouped(objects) -> list[dict]:
    """Objects per model: a count with the model's Dutch name, and a few examples by name."""
    by_model: dict = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    groups = []
    for model, objs in sorted(by_model.items(), key=lambda item: str(item[0]._meta.verbose_name_plural)):
        names = sorted(str(obj) for obj in objs)
        meta = model._meta
        groups.append(
            {
                "count": len(objs),
                "label": meta.verbose_name if len(objs) == 1 else meta.verbose_name_plural,
                "examples": names[:EXAMPLES_SHOWN],
                "more": max(0, len(names) - EXAMPLES_SHOWN),
            }
        )
    return groups


def deletion_plan(obj: Model) -> tuple[list[dict], list[dict]]:
    """What keeps ``obj`` from being deleted, and what would be deleted with it."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    along = [other for objs in collector.model_objs.values() for other in objs if other != obj]
    return _grouped(collector.protected), _grouped(along)


def delete_with_confirmation(
    request: HttpRequest, obj: Model, *, noun: str, back_url: str, list_url: str, list_title: str
) -> HttpResponse:
    """GET: what goes with ``obj`` or why it must stay. POST: delete it, or refuse (409) when in use.

    ``noun`` is the short Dutch word used in the sentences ("categorie", "afdeling").
    """
    blocking, along = deletion_plan(obj)
    if request.method == "POST" and not blocking:
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError):  # put in use between the question and the answer
            blocking, along = deletion_plan(obj)
        else:
            kind = type(obj)._meta.verbose_name
            messages.success(request, _("De %(kind)s “%(name)s” is verwijderd.") % {"kind": kind, "name": obj})
            return redirect(list_url)
    refused = request.method == "POST"
    message = _("Deze %(noun)s is nog in gebruik en is niet verwijderd.") % {"noun": noun}
    errors = [("in-gebruik", message)] if refused else []
    context = {
        "object": obj,
        "kind": type(obj)._meta.verbose_name,
        "noun": noun,
        "back_url": back_url,
        "list_url": list_url,
        "list_title": list_title,
        "blocking": blocking,
        "along": along,
        "refused": refused,
        "errors": errors,
    }
    return render(request, "organisations/confirm_delete.html", context, status=409 if refused else 200)
