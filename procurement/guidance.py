"""Load the phase guidance from the fixture data."""

from organisations.guidance import sync, sync_one

from .models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink

CHILDREN = {
    "attention_points": AttentionPoint,
    "tools": ToolLink,
    "tips": Tip,
    "inspirations": Inspiration,
}


def load(data: dict, strategies: dict) -> None:
    slugs = []
    # Orders are unique: move every phase out of the way before renumbering.
    for phase in Phase.objects.all():
        Phase.objects.filter(pk=phase.pk).update(order=1000 + phase.pk)
    for row in data["phases"]:
        values = {k: v for k, v in row.items() if k not in CHILDREN and k != "questions"}
        (phase,) = sync_one(Phase, "slug", values)
        slugs.append(phase.slug)
        for name, model in CHILDREN.items():
            sync(model, "key", row[name], scope={"phase": phase})
        questions = sync(
            GuidingQuestion,
            "key",
            [{k: v for k, v in q.items() if k != "strategies"} for q in row["questions"]],
            scope={"phase": phase},
        )
        for question, q in zip(questions, row["questions"], strict=True):
            wanted = {strategies[code].pk for code in q["strategies"]}
            if set(question.strategies.values_list("pk", flat=True)) != wanted:
                question.strategies.set(wanted)
    for phase in Phase.objects.exclude(slug__in=slugs):
        phase.delete()
