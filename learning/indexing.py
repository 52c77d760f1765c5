"""The search index: one ``SearchEntry`` per searchable text, kept in step with its source.

A source row is (re)indexed after its transaction commits (``post_save``, and procurement's
``edit_applied`` for answers saved by a conditional UPDATE); the entry of a deleted row goes with
it (``post_delete``, or the cascade of its trajectory). ``rebuild()`` (``manage.py
rebuild_search_index``) writes the whole index again from the sources.

Each source has a builder: ``builder(obj) -> dict | None``; ``None`` means "nothing to find"
(an empty answer), and its entry is removed.
"""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from criteria.models import Criterion
from lib import stemming
from organisations.models import PrincipleItem
from organisations.scoping import unscoped_access
from procurement.models import (
    Answer,
    AttentionPoint,
    Comment,
    GuidingQuestion,
    Inspiration,
    Phase,
    RDecision,
    Tip,
    Trajectory,
)
from procurement.signals import edit_applied

from .models import Lesson, SearchEntry

# Characters ts_headline marks matches with; never kept in indexed text.
MARK_START, MARK_END = "\ue000", "\ue001"
TITLE_LENGTH = 300


def _clean(text: str) -> str:
    return (text or "").replace(MARK_START, "").replace(MARK_END, "").replace("\x00", "")


def _trajectory_fields(trajectory: Trajectory) -> dict:
    return {"organisation_id": trajectory.organisation_id, "trajectory_id": trajectory.pk}


def _trajectory(obj: Trajectory) -> dict:
    category = obj.category.name if obj.category else ""
    return {
        "kind": SearchEntry.Kind.TRAJECTORY,
        "title": obj.title,
        "body": obj.description,
        "place": _("Traject") + (f" · {category}" if category else ""),
        "url": obj.get_absolute_url(),
        **_trajectory_fields(obj),
    }


def _answer(obj: Answer) -> dict | None:
    if not obj.text.strip():
        return None
    trajectory = obj.trajectory
    return {
        "kind": SearchEntry.Kind.ANSWER,
        "title": obj.question_text,
        "body": obj.text,
        "place": f"{trajectory.title} · {obj.phase.title}",
        "url": reverse("procurement:phase_detail", args=[trajectory.pk, obj.phase.slug]) + f"#answer-{obj.pk}",
        **_trajectory_fields(trajectory),
    }


def _decision(obj: RDecision) -> dict | None:
    current = obj.trajectory.r_decisions.first()
    if current is None or current.pk != obj.pk:
        return None  # only the current decision is found; revisions stay in the dossier
    rationales = [f"{step.strategy.code}: {step.rationale}" for step in obj.steps.select_related("strategy")]
    trajectory = obj.trajectory
    return {
        "kind": SearchEntry.Kind.DECISION,
        "title": _("R-besluit: %(strategy)s") % {"strategy": obj.chosen_strategy},
        "body": "\n".join([obj.summary, *rationales]).strip(),
        "place": trajectory.title,
        "url": trajectory.get_absolute_url() + "#r-besluit-kop",
        **_trajectory_fields(trajectory),
    }


def _comment(obj: Comment) -> dict:
    trajectory, phase = obj.trajectory, obj.phase_record.phase
    return {
        "kind": SearchEntry.Kind.COMMENT,
        "title": _("Opmerking bij %(phase)s") % {"phase": phase.title},
        "body": obj.body,
        "place": f"{trajectory.title} · {phase.title}",
        "url": reverse("procurement:phase_detail", args=[trajectory.pk, phase.slug]),
        **_trajectory_fields(trajectory),
    }


def _lesson(obj: Lesson) -> dict:
    trajectory = obj.trajectory
    category = trajectory.category.name if trajectory.category else ""
    return {
        "kind": SearchEntry.Kind.LESSON,
        "title": obj.get_kind_display(),
        "body": obj.text,
        "place": category,
        "url": reverse("learning:lesson_detail", args=[obj.pk]),
        "shared": obj.shared,
        **_trajectory_fields(trajectory),
    }


def _criterion(obj: Criterion) -> dict | None:
    """A criterion of the library: the base set's published ones for everyone, an organisation's own for it."""
    if obj.is_retired or (obj.is_base and obj.status != Criterion.Status.PUBLISHED):
        return None
    return {
        "kind": SearchEntry.Kind.CRITERION,
        "title": f"{obj.code} {obj.title}",
        "body": "\n".join(filter(None, [obj.text, obj.evidence, obj.legal_note])),
        "place": _("Basisset criteria") if obj.is_base else _("Eigen criteria"),
        "url": obj.get_absolute_url(),
        "organisation_id": obj.organisation_id,
        "trajectory_id": None,
    }


def _guidance(title_of, body_of, url_of):
    def build(obj) -> dict:
        with translation.override("nl"):  # indexed in its Dutch source, whoever saves it in which language
            title, body = title_of(obj), body_of(obj)
        return {
            "kind": SearchEntry.Kind.GUIDELINE,
            "title": title,
            "body": body,
            "place": _("Richtlijn"),
            "url": url_of(obj),
            "organisation_id": None,
            "trajectory_id": None,
        }

    return build


def _phase_title(obj) -> str:
    return f"{obj.phase.order}. {obj.phase.title}"


def _phase_url(obj) -> str:
    return obj.phase.get_absolute_url()


BUILDERS = {
    Trajectory: (_trajectory, ("category",)),
    Answer: (_answer, ("trajectory", "phase")),
    RDecision: (_decision, ("trajectory", "chosen_strategy")),
    Comment: (_comment, ("trajectory", "phase_record__phase")),
    Lesson: (_lesson, ("trajectory__category",)),
    Criterion: (_criterion, ()),
    Phase: (_guidance(str, lambda o: f"{o.goal}\n{o.stakeholders}", lambda o: o.get_absolute_url()), ()),
    GuidingQuestion: (_guidance(_phase_title, lambda o: o.text, _phase_url), ("phase",)),
    AttentionPoint: (_guidance(_phase_title, lambda o: o.text, _phase_url), ("phase",)),
    Tip: (_guidance(_phase_title, lambda o: o.text, _phase_url), ("phase",)),
    Inspiration: (_guidance(_phase_title, lambda o: o.text, _phase_url), ("phase",)),
    PrincipleItem: (
        _guidance(
            lambda o: o.section.page.title,
            lambda o: "\n".join(filter(None, [o.label, o.title, o.text])),
            lambda o: o.section.page.get_absolute_url(),
        ),
        ("section__page",),
    ),
}


def key_of(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def _write(model, obj) -> None:
    builder, _related = BUILDERS[model]
    values = builder(obj)
    key = key_of(model, obj.pk)
    if values is None:
        SearchEntry.objects.filter(key=key).delete()
        return
    values["title"] = _clean(values["title"])[:TITLE_LENGTH]
    values["body"] = _clean(values["body"])
    values["place"] = values["place"][:500]
    # PostgreSQL searches its generated vector column; elsewhere the same Dutch stems are stored here.
    stemmed = connection.vendor != "postgresql"
    values["stems"] = stemming.index_text(values["title"], values["place"], values["body"]) if stemmed else ""
    values.setdefault("shared", False)
    SearchEntry.objects.update_or_create(key=key, defaults=values)


def reindex(model, pk) -> None:
    """Write the entry of one source row again (or remove it when the row is gone or empty)."""
    _builder, related = BUILDERS[model]
    with unscoped_access():
        obj = model._default_manager.select_related(*related).filter(pk=pk).first()
        if obj is None:
            SearchEntry.objects.filter(key=key_of(model, pk)).delete()
        else:
            _write(model, obj)


def rebuild() -> int:
    """Write every entry again from the sources; return how many there are."""
    with unscoped_access(), transaction.atomic():
        SearchEntry.objects.all().delete()
        for model, (_builder, related) in BUILDERS.items():
            for obj in model._default_manager.select_related(*related).iterator(chunk_size=500):
                _write(model, obj)
        return SearchEntry.objects.count()


def _on_save(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # fixture loading: rebuild the index afterwards
    pk = instance.pk
    transaction.on_commit(lambda: reindex(sender, pk))
    if sender is RDecision:
        # A new decision replaces the previous one in the index.
        trajectory_id = instance.trajectory_id
        transaction.on_commit(
            lambda: (
                SearchEntry.objects.filter(trajectory_id=trajectory_id, kind=SearchEntry.Kind.DECISION)
                .exclude(key=key_of(RDecision, pk))
                .delete()
            )
        )


def _on_delete(sender, instance, **kwargs):
    key = key_of(sender, instance.pk)
    transaction.on_commit(lambda: SearchEntry.objects.filter(key=key).delete())


def connect() -> None:
    for model in BUILDERS:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"learning-index-{model._meta.label_lower}")
        if model not in (Trajectory, Answer, RDecision, Comment):  # those go with their trajectory's cascade
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"learning-unindex-{model._meta.label_lower}")
    edit_applied.connect(_on_edit, sender=Answer, dispatch_uid="learning-index-answer-edit")


def _on_edit(sender, instance, **kwargs):
    _on_save(sender, instance)
