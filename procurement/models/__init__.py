"""Models of procurement, one module per concern; import them from here (``from procurement.models import X``).

- ``guidance``: the phases and their content (questions, attention points, tools, tips, inspiration)
- ``trajectory``: trajectories, their team, groeimodel, ambitieweb and phase records
- ``answers``: answers and checked attention points, with optimistic locking (``VersionedEdit``)
- ``decisions``: the R-decision and its steps
- ``review``: review events and comments
- ``impact``: referentie en effect (impact lines with their factor snapshot, the stored effect totals)
- ``tender``: the tender reference (an imported OCDS release)
- ``dossier_pdf``: stored dossier PDFs per content version
"""

from .answers import Answer, AttentionCheck, EditConflict, VersionedEdit
from .decisions import RDecision, RDecisionStep
from .dossier_pdf import DossierDocument
from .guidance import (
    AttentionPoint,
    GuidingQuestion,
    GuidingQuestionQuerySet,
    Inspiration,
    Phase,
    PhaseItem,
    Tip,
    ToolLink,
)
from .impact import ImpactLine, Scenario, TrajectoryEffect
from .review import Comment, CommentQuerySet, ReviewEvent
from .tender import TenderReference
from .trajectory import (
    GrowthStep,
    PhaseNotOpen,
    PhaseRecord,
    Trajectory,
    TrajectoryAmbition,
    TrajectoryMember,
    TrajectoryQuerySet,
)

__all__ = [
    "Answer",
    "AttentionCheck",
    "AttentionPoint",
    "Comment",
    "CommentQuerySet",
    "DossierDocument",
    "EditConflict",
    "GrowthStep",
    "GuidingQuestion",
    "GuidingQuestionQuerySet",
    "ImpactLine",
    "Inspiration",
    "Phase",
    "PhaseItem",
    "PhaseNotOpen",
    "PhaseRecord",
    "RDecision",
    "RDecisionStep",
    "ReviewEvent",
    "Scenario",
    "TenderReference",
    "Tip",
    "ToolLink",
    "Trajectory",
    "TrajectoryAmbition",
    "TrajectoryEffect",
    "TrajectoryMember",
    "TrajectoryQuerySet",
    "VersionedEdit",
]
