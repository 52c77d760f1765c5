"""Sections the learning app adds to procurement's pages (registered in procurement/extensions.py).

- the lessons of a trajectory in its Intern evalueren phase;
- "Vergelijkbare trajecten" on the R-decision page and on the page that starts a trajectory.
"""

from django.utils.translation import gettext as _

from organisations.access import active_membership
from organisations.models import ProductCategory
from procurement.access import can_edit_trajectory
from procurement.extensions import Section
from procurement.models import Trajectory

from .forms import LessonForm
from .models import Lesson

EVALUATION_PHASE = "intern-evalueren"
SIMILAR_LIMIT = 5
SHARED_LESSON_LIMIT = 5


def phase_section(request, trajectory, record) -> Section | None:
    """The structured lessons in Intern evalueren, with the form to add one for the team."""
    if record.phase.slug != EVALUATION_PHASE:
        return None
    lessons = list(
        Lesson.objects.filter(trajectory=trajectory).select_related("phase", "strategy").order_by("kind", "pk")
    )
    can_edit = not trajectory.is_archived and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    form = None
    if can_edit:
        form = LessonForm(submit_label=_("Les toevoegen"))
        # The template's own <form> carries the action (it is posted with htmx to the section).
        form.helper.form_tag = False
    groups = [
        {"kind": kind, "label": label, "lessons": [lesson for lesson in lessons if lesson.kind == kind]}
        for kind, label in Lesson.Kind.choices
    ]
    return Section(
        "lessen",
        _("Lessen uit dit traject"),
        "learning/includes/trajectory_lessons.html",
        {"trajectory": trajectory, "groups": groups, "form": form, "can_edit": can_edit},
    )


def impact_of(trajectory) -> dict | None:
    """Avoided kg material and kg CO2e of a trajectory from its stored effect totals (over the contract term).

    Load trajectories with ``select_related("effect")``: otherwise each call costs a query.
    Returns None when the trajectory has no effect with any figure, else
    ``{"kg_material", "kg_co2e", "realised_kg_material", "realised_kg_co2e"}`` (each a Decimal or None).
    """
    effect = getattr(trajectory, "effect", None)  # no effect: RelatedObjectDoesNotExist is an AttributeError
    if effect is None:
        return None
    impact = {
        "kg_material": effect.planned_kg_material,
        "kg_co2e": effect.planned_kg_co2e,
        "realised_kg_material": effect.realised_kg_material,
        "realised_kg_co2e": effect.realised_kg_co2e,
    }
    if all(value is None for value in impact.values()):
        return None
    return impact


def similar(organisation, category, *, exclude=None) -> dict:
    """The organisation's trajectories of ``category`` and other organisations' shared lessons for it."""
    trajectories = []
    shared_lessons = []
    if category is not None:
        queryset = (
            Trajectory.objects.for_organisation(organisation)
            .active()
            .filter(category=category)
            .select_related("chosen_strategy", "effect")
            .prefetch_related("team__user", "lessons", "chosen_criteria")
            .order_by("-updated_at", "-pk")
        )
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude.pk)
        trajectories = list(queryset[:SIMILAR_LIMIT])
        for trajectory in trajectories:
            trajectory.impact = impact_of(trajectory)
            trajectory.contacts = [member for member in trajectory.team.all() if member.user.email]
        shared_lessons = list(
            Lesson.objects.shared()
            .exclude(trajectory__organisation=organisation)
            .filter(trajectory__category__slug=category.slug)
            .for_list()
            .order_by("-created_at", "-pk")[:SHARED_LESSON_LIMIT]
        )
    return {
        "organisation": organisation,
        "category": category,
        "trajectories": trajectories,
        "shared_lessons": shared_lessons,
    }


def _similar_section(context) -> Section:
    return Section("vergelijkbare-trajecten", _("Vergelijkbare trajecten"), "learning/includes/similar.html", context)


def decision_section(request, trajectory) -> Section | None:
    if trajectory.category_id is None:
        return None
    category = ProductCategory.objects.for_organisation(trajectory.organisation_id).get(pk=trajectory.category_id)
    return _similar_section(similar(trajectory.organisation, category, exclude=trajectory))


def start_section(request, organisation) -> Section | None:
    """On the start page: pick a category (a GET form, also without JavaScript) to see similar trajectories."""
    membership = active_membership(request)
    if membership is None:
        return None
    categories = list(ProductCategory.objects.for_organisation(organisation).order_by("name"))
    wanted = request.GET.get("vergelijk", "")
    category = next((c for c in categories if c.slug == wanted), None)
    context = similar(organisation, category)
    context.update({"categories": categories, "picker": True})
    return _similar_section(context)
