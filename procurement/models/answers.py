"""The team's answers to the guiding questions and its checked attention points, with optimistic locking."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.scoping import OrganisationScopedQuerySet

from ..signals import edit_applied
from .guidance import AttentionPoint, GuidingQuestion, Phase


class EditConflict(Exception):
    """A save based on a version someone else has changed since: nothing was written."""

    def __init__(self, current, mine: dict, base_version: int):
        super().__init__(f"{current!r} changed since version {base_version}")
        self.current = current
        self.mine = mine
        self.base_version = base_version


def sync_with_guidance(model, trajectory_id: int, phase_id: int, guidance, related=()) -> list | None:
    """Bring one kind of a phase's rows (answers or checks) in line with its guidance items.

    ``model`` names the guidance field (``GUIDANCE_FIELD``) and takes its snapshot
    (``snapshot_of``, ``snapshot_fields``). A guidance item without a row gets one;
    a row nobody touched yet follows edits of its item; an untouched row whose item
    was removed goes. What was edited keeps the item as it was shown. A fixed number
    of queries, however many items there are. Returns the rows (in their order, with ``related``
    selected) when nothing was written, else None.
    """
    field = model.GUIDANCE_FIELD
    every_row = list(model.objects.filter(trajectory_id=trajectory_id, phase_id=phase_id).select_related(*related))
    rows = {getattr(row, f"{field}_id"): row for row in every_row}
    new, changed = [], []
    for item in guidance:
        snapshot = model.snapshot_of(item)
        row = rows.get(item.pk)
        if row is None:
            new.append(model(trajectory_id=trajectory_id, phase_id=phase_id, **{field: item}, **snapshot))
        elif row.is_untouched and any(getattr(row, key) != value for key, value in snapshot.items()):
            for key, value in snapshot.items():
                setattr(row, key, value)
            changed.append(row)
    if new:
        model.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        model.objects.filter(trajectory_id=trajectory_id).bulk_update(changed, list(model.snapshot_fields()))
    orphans = [row.pk for item_id, row in rows.items() if item_id is None and row.is_untouched]
    if orphans:
        model.objects.filter(trajectory_id=trajectory_id, pk__in=orphans).delete()
    return None if new or changed or orphans else every_row


class VersionedEdit:
    """Optimistic locking for rows several people edit at once (answers, checks, KPI measurements).

    A save states the version it was based on. If someone saved in between,
    the save is refused with :class:`EditConflict` unless it changes nothing
    (the same values, or values equal to the version it was based on, i.e.
    the editor did not touch this row). The claim of the next version is one
    conditional UPDATE, so two simultaneous saves cannot both win.
    """

    if TYPE_CHECKING:  # what the models with this mixin (Answer, AttentionCheck, Measurement) provide
        objects: models.Manager[Any]
        history: Any  # django-simple-history's manager (untyped)
        pk: int
        version: int
        trajectory_id: int  # Answer and AttentionCheck; Measurement has its own edit_scope()

        def refresh_from_db(
            self, using: str | None = None, fields: Iterable[str] | None = None, from_queryset: Any = None
        ) -> None: ...

    EDIT_FIELDS: tuple[str, ...] = ()
    INITIAL: dict = {}
    EDITED_BY = "updated_by"  # the fields that record who saved last, and when
    EDITED_AT = "updated_at"

    def edit_scope(self) -> dict:
        """Lookups that pin the row's organisation scope in the conditional UPDATE."""
        return {"trajectory_id": self.trajectory_id}

    def edit_values(self) -> dict:
        return {name: getattr(self, name) for name in self.EDIT_FIELDS}

    @property
    def is_untouched(self) -> bool:
        return self.version == 1 and self.edit_values() == self.INITIAL

    def values_at(self, version: int) -> dict:
        record = self.history.filter(version=version).order_by("-history_date").first()
        if record is None:
            return dict(self.INITIAL)
        return {name: getattr(record, name) for name in self.EDIT_FIELDS}

    def apply_edit(self, *, user, values: dict, base_version: int) -> bool:
        """Save ``values`` made on ``base_version``; True when something changed.

        One conditional UPDATE claims the next version and writes the values,
        one INSERT records the history row. Inside a caller's transaction no
        savepoint is made: a refused claim raises only after the block, so the
        caller's transaction stays usable (a phase form saves many rows).
        """
        values = {name: values[name] for name in self.EDIT_FIELDS}
        if values == self.edit_values():
            return False
        if base_version != self.version and values == self.values_at(base_version):
            return False
        if base_version != self.version:
            raise EditConflict(self, values, base_version)
        model = type(self)
        now = timezone.now()
        with transaction.atomic(savepoint=False):
            claimed = model.objects.filter(pk=self.pk, version=base_version, **self.edit_scope()).update(
                **values, version=base_version + 1, **{self.EDITED_BY: user, self.EDITED_AT: now}
            )
            if claimed:
                for name, value in values.items():
                    setattr(self, name, value)
                self.version = base_version + 1
                setattr(self, self.EDITED_BY, user)
                setattr(self, self.EDITED_AT, now)
                model.history.bulk_history_create([self], update=True, default_user=user, default_date=now)
                edit_applied.send(sender=model, instance=self)
        if not claimed:
            self.refresh_from_db()
            if values == self.edit_values():
                return False  # a simultaneous save of the same values (autosave and submit at once) won
            raise EditConflict(self, values, base_version)
        return True


class Answer(VersionedEdit, models.Model):
    """The team's answer to one guiding question, with the question as it was asked."""

    EDIT_FIELDS = ("text", "state", "na_reason")
    INITIAL = {"text": "", "state": "open", "na_reason": ""}
    GUIDANCE_FIELD = "question"

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "beantwoord", _("Beantwoord")
        NOT_APPLICABLE = "niet_van_toepassing", _("Niet van toepassing")

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="answers", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase"))
    question = models.ForeignKey(
        GuidingQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("hulpvraag"),
    )
    # Snapshot of the question when first answered: guidance edits never rewrite a dossier.
    question_text = models.TextField(_("vraag zoals gesteld"))
    question_kind = models.CharField(_("soort vraag"), max_length=10, choices=GuidingQuestion.Kind.choices)
    question_strategies = models.CharField(_("R-strategieën van de vraag"), max_length=50, blank=True)
    question_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("antwoord"), blank=True, max_length=10_000)
    state = models.CharField(_("stand"), max_length=30, choices=State.choices, default=State.OPEN)
    na_reason = models.CharField(_("reden niet van toepassing"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order", "question_kind", "question_order", "pk"]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "question"], name="unique_answer_per_question"),
        ]

    def __str__(self) -> str:
        return self.question_text[:80]

    @staticmethod
    def snapshot_fields() -> tuple[str, ...]:
        return ("question_text", "question_kind", "question_strategies", "question_order")

    @staticmethod
    def snapshot_of(question: GuidingQuestion) -> dict:
        """The question as it is asked now (strategies must be prefetched)."""
        return {
            "question_text": question.text,
            "question_kind": question.kind,
            "question_strategies": ",".join(s.code for s in sorted(question.strategies.all(), key=lambda s: s.number)),
            "question_order": question.order,
        }

    @property
    def strategy_codes(self) -> list[str]:
        return [code for code in self.question_strategies.split(",") if code]

    @property
    def is_highest(self) -> bool:
        return self.question_kind == GuidingQuestion.Kind.HIGHEST_R

    @property
    def is_not_applicable(self) -> bool:
        return self.state == self.State.NOT_APPLICABLE

    @property
    def question_removed(self) -> bool:
        return self.question_id is None

    @staticmethod
    def state_for(text: str, not_applicable: bool) -> str:
        """The state follows from the answer: n.v.t. when marked so, beantwoord with text, else open."""
        if not_applicable:
            return Answer.State.NOT_APPLICABLE
        return Answer.State.ANSWERED if text.strip() else Answer.State.OPEN


class AttentionCheck(VersionedEdit, models.Model):
    """An aandachtspunt ticked off (or not) by the team, with an optional note."""

    EDIT_FIELDS = ("checked", "note")
    INITIAL = {"checked": False, "note": ""}
    GUIDANCE_FIELD = "point"

    trajectory = models.ForeignKey(
        "procurement.Trajectory", on_delete=models.CASCADE, related_name="attention_checks", verbose_name=_("traject")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase"))
    point = models.ForeignKey(AttentionPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks")
    point_text = models.TextField(_("aandachtspunt zoals getoond"))
    point_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    checked = models.BooleanField(_("afgevinkt"), default=False)
    note = models.TextField(_("notitie"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order", "point_order", "pk"]
        verbose_name = _("afgevinkt aandachtspunt")
        verbose_name_plural = _("afgevinkte aandachtspunten")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "point"], name="unique_check_per_point"),
        ]

    def __str__(self) -> str:
        return self.point_text[:80]

    @staticmethod
    def snapshot_fields() -> tuple[str, ...]:
        return ("point_text", "point_order")

    @staticmethod
    def snapshot_of(point: AttentionPoint) -> dict:
        """The attention point as it is shown now."""
        return {"point_text": point.text, "point_order": point.order}
