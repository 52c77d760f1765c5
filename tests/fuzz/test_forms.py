"""Every form of the project, driven with arbitrary input: invalid, never an exception.

The forms are discovered in ``<app>.forms`` (a module or a package), so forms
that land later are fuzzed without a new test; constructor arguments come
from ``tests/fuzz/factories.py``.
"""

import importlib
import inspect
import pkgutil

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import from_field, from_form

from tests.access.world import APP_ORDER

from .factories import FORM_KWARGS, SKIP
from .strategies import FIELD_VALUE, as_query_dict, hostile_data

pytestmark = pytest.mark.django_db


def form_modules():
    for app in APP_ORDER:
        name = f"{app}.forms"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        yield module
        if hasattr(module, "__path__"):
            for info in pkgutil.walk_packages(module.__path__, f"{name}."):
                yield importlib.import_module(info.name)


def discover_forms() -> list[type[forms.BaseForm]]:
    found = {}
    for module in form_modules():
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and not obj.__name__.startswith("_")
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[key] for key in sorted(found)]


FORMS = [form for form in discover_forms() if f"{form.__module__}.{form.__qualname__}" not in SKIP]


def dotted(form_class) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def form_kwargs(form_class, world) -> dict:
    factory = FORM_KWARGS.get(dotted(form_class))
    return factory(world) if factory else {}


def exercise(form) -> None:
    """What a view does with a bound form: validate, then render it (with its errors) or save it."""
    valid = form.is_valid()
    if valid and isinstance(form, forms.ModelForm) and getattr(form, "fuzz_save", False):
        with transaction.atomic():
            form.save()
            transaction.set_rollback(True)
    if not valid:
        # A form with sub-forms (RDecisionForm and its steps) lists their errors in all_errors().
        assert form.errors or getattr(form, "all_errors", list)(), "an invalid form must say why"
    if hasattr(form, "helper"):
        render_crispy_form(form)
    else:
        form.as_div()


def test_forms_are_found():
    names = {dotted(form) for form in FORMS}
    assert "accounts.forms.LoginForm" in names


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_every_form_can_be_built(form_class, world):
    form_class(**form_kwargs(form_class, world))


def field_strategies(form_class, kwargs) -> dict:
    """Hypothesis' own strategy per field where it has one; hostile values elsewhere."""
    strategies = {}
    for name, field in form_class(**kwargs).fields.items():
        if isinstance(field, forms.MultiValueField):
            continue
        try:
            strategy = from_field(field)
            strategy.validate()
        except Exception:  # noqa: BLE001 - no inferred strategy for this field type
            strategy = FIELD_VALUE
        strategies[name] = strategy
    return strategies


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_well_formed_input_never_raises(form_class, world):
    kwargs = form_kwargs(form_class, world)

    @given(st.data())
    def run(data):
        form = data.draw(from_form(form_class, form_kwargs=kwargs, **field_strategies(form_class, kwargs)))
        exercise(form)

    run()


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_hostile_input_never_raises_and_an_invalid_form_says_why(form_class, world):
    kwargs = form_kwargs(form_class, world)
    names = list(form_class(**kwargs).fields)

    @given(hostile_data(names))
    def run(data):
        exercise(form_class(data=as_query_dict(data), **kwargs))

    run()


def definitely_invalid(field: forms.Field) -> str | list[str] | None:
    """A value no field of this kind may accept, or None where no such value exists."""
    if field.disabled or isinstance(field, forms.BooleanField | forms.FileField | forms.MultiValueField):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return ["bestaat-niet-\x00"]
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return "bestaat-niet-\x00"
    if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        return "NaN"
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        return "2026-02-30T99:99"
    if isinstance(field, forms.CharField):
        return "tekst met een nulteken \x00"  # Django's CharField refuses NUL characters
    return None


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_a_hostile_value_is_refused_with_an_error_on_its_own_field(form_class, world):
    kwargs = form_kwargs(form_class, world)
    probe = form_class(**kwargs)
    fields = probe.fields
    checked = 0
    for name, field in fields.items():
        value = definitely_invalid(field)
        if value is None:
            continue
        form = form_class(data=as_query_dict({probe.add_prefix(name): value}), **kwargs)
        assert not form.is_valid(), f"{name}={value!r} was accepted"
        assert name in form.errors, f"{name}={value!r} was refused, but without an error on the field"
        checked += 1
    if not any(definitely_invalid(field) is not None for field in fields.values()):
        pytest.skip("no field with a value that is invalid by its kind")
    assert checked
