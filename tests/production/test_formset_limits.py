"""Formsets cap the number of forms a request can make the server build.

Django lets a POST claim up to ``absolute_max`` forms (by default max_num + 1000,
so 2,000 for a formset without max_num) through its TOTAL_FORMS field. Each form
is built, validated and rendered again, so one request could cost seconds of CPU.
Every formset of the apps keeps ``absolute_max`` at its ``max_num``.
"""

import importlib
import inspect
import re

import pytest
from django.forms.formsets import BaseFormSet
from django.urls import reverse

from rladder.models import Milestone, RStrategy

FORM_MODULES = ["organisations.forms", "rladder.forms", "procurement.forms", "kpis.forms"]
LIMIT = 100


def app_formsets():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseFormSet) and hasattr(value, "form"):
                yield f"{name}.{attribute}", value


def test_the_apps_have_formsets_to_check():
    assert len(list(app_formsets())) >= 4


@pytest.mark.parametrize(("name", "formset"), list(app_formsets()))
def test_every_formset_caps_the_forms_a_request_can_claim(name, formset):
    assert formset.absolute_max <= LIMIT, f"{name}: absolute_max {formset.absolute_max}"
    assert formset.absolute_max == formset.max_num, f"{name}: absolute_max differs from max_num"


def test_a_post_claiming_thousands_of_milestones_is_refused_in_dutch_and_builds_few_forms(client, world):
    strategy = world.strategy_a
    before = list(Milestone.objects.filter(strategy=strategy).values_list("year", "target_id"))
    r3 = RStrategy.objects.get(code="R3").pk
    data = {
        "mijlpaal-TOTAL_FORMS": "100000",
        "mijlpaal-INITIAL_FORMS": "0",
        "mijlpaal-MIN_NUM_FORMS": "0",
        "mijlpaal-MAX_NUM_FORMS": "50",
        "mijlpaal-0-year": "2030",
        "mijlpaal-0-target": r3,
        "mijlpaal-0-description": "Hergebruik is de standaard.",
    }
    client.force_login(world.users["chef"])
    response = client.post(reverse("rladder:milestones_edit", args=[world.category_a_only.slug]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "maximaal 50" in body
    assert len(re.findall(r'name="mijlpaal-\d+-year"', body)) <= 50
    assert list(Milestone.objects.filter(strategy=strategy).values_list("year", "target_id")) == before
