"""The phase page takes its guidance from Django's cache under the guidance stamp: fewer queries, never stale."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from organisations.models import LoadedFixture
from procurement import guidance_cache
from procurement.models import GuidingQuestion, Phase, Tip, ToolLink
from rladder.models import RStrategy
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, world):
    client.force_login(world.users["inkoper"])
    trajectory = start_trajectory(world)
    url = reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])

    def get() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_the_second_view_reads_no_guidance(page, django_assert_max_num_queries):
    page()
    with django_assert_max_num_queries(100) as first:
        cache.clear()
        page()
    with django_assert_max_num_queries(100) as second:
        page()
    guidance = re.compile(
        r'^SELECT .*? FROM "(procurement_phase|procurement_guidingquestion|procurement_attentionpoint|'
        r'procurement_toollink|procurement_tip|procurement_inspiration|rladder_rstrategy)"'
    )

    def reads(captured):
        return [q["sql"] for q in captured if guidance.match(q["sql"])]

    assert len(reads(first)) >= 7
    assert reads(second) == []
    assert len(second) == len(first) - len(reads(first))


def test_every_kind_of_guidance_edit_shows_at_once(page, world):
    phase = Phase.objects.get(slug="startoverleg")
    assert "Een nieuwe tip" not in page()

    question = GuidingQuestion.objects.filter(phase=phase).first()
    question.text = "Een herschreven vraag?"
    question.save()
    assert "Een herschreven vraag?" in page()

    tip = Tip.objects.create(phase=phase, key="nieuwe-tip", order=99, text="Een nieuwe tip")
    assert "Een nieuwe tip" in page()
    tip.delete()
    assert "Een nieuwe tip" not in page()

    ToolLink.objects.create(
        phase=phase, key="nieuw-hulpmiddel", order=99, title="Nieuw hulpmiddel", url="https://example.nl/"
    )
    assert "Nieuw hulpmiddel" in page()

    strategy = RStrategy.objects.get(code="R1")
    strategy.name_nl = "Heroverwegen (herzien)"
    strategy.save()
    assert "Heroverwegen (herzien)" in page()

    phase.goal = "Een nieuw doel van de fase."
    phase.save()
    assert "Een nieuw doel van de fase." in page()


def test_a_changed_set_of_strategies_on_a_question_shows_at_once(world):
    question = GuidingQuestion.objects.filter(phase__slug="startoverleg", strategies__isnull=False).first()
    stamp = _stamp()
    other = RStrategy.objects.exclude(pk__in=question.strategies.values("pk")).first()
    question.strategies.set([other])
    assert _stamp() != stamp


def test_loading_the_guidance_again_gives_another_stamp(world):
    stamp = _stamp()
    LoadedFixture.objects.filter(name="guidance").update(checksum="anders")
    call_command("load_guidance", verbosity=0)
    assert _stamp() != stamp


def _stamp() -> tuple:
    record = Phase.objects.annotate(**guidance_cache.stamp_annotations()).first()
    return guidance_cache.stamp_of(record)
