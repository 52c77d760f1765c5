"""Forms of the learning app: lessons, the lesson filters, search and the sharing settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import StyledFormMixin
from organisations.models import ProductCategory
from procurement.models import Phase
from rladder.models import RStrategy

from .models import LearningSettings, Lesson


class LessonForm(StyledFormMixin, forms.ModelForm):
    submit_label = _("Les opslaan")

    class Meta:
        model = Lesson
        fields = ["kind", "text", "phase", "strategy", "shared", "highlighted"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "text": _("Schrijf de les zo dat een ander team er zonder jullie dossier iets aan heeft."),
            "highlighted": _("Maximaal drie uitgelichte lessen komen op de resultatenkaart van je organisatie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Lesson.Kind.choices
        self.fields["phase"].queryset = Phase.objects.order_by("order")
        self.fields["phase"].empty_label = _("Het hele traject")
        self.fields["strategy"].queryset = RStrategy.objects.order_by("number")
        self.fields["strategy"].empty_label = _("Geen bepaalde R-strategie")
        self.fields["text"].error_messages["required"] = _("Schrijf de les op.")
        self.fields["kind"].error_messages["required"] = _("Kies wat voor les het is.")


class LessonFilterForm(forms.Form):
    """The filters of the Lessen page (GET). Unknown values are form errors, never a 500."""

    ORIGINS = [
        ("", _("Eigen en gedeelde lessen")),
        ("eigen", _("Alleen eigen lessen")),
        ("gedeeld", _("Alleen gedeelde lessen van andere organisaties")),
    ]

    categorie = forms.ChoiceField(label=_("Categorie"), required=False)
    r = forms.ChoiceField(label=_("R-strategie"), required=False)
    fase = forms.ChoiceField(label=_("Fase"), required=False)
    herkomst = forms.ChoiceField(label=_("Herkomst"), required=False, choices=ORIGINS)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        categories = ProductCategory.objects.for_organisation(organisation).order_by("name")
        self.fields["categorie"].choices = [("", _("Alle categorieën"))] + [(c.slug, c.name) for c in categories]
        self.fields["r"].choices = [("", _("Alle R-strategieën"))] + [
            (s.code, str(s)) for s in RStrategy.objects.order_by("number")
        ]
        self.fields["fase"].choices = [("", _("Alle fasen"))] + [
            (p.slug, str(p)) for p in Phase.objects.order_by("order")
        ]

    def apply(self, queryset, organisation):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["categorie"]:
            queryset = queryset.filter(trajectory__category__slug=data["categorie"])
        if data["r"]:
            queryset = queryset.filter(strategy__code=data["r"])
        if data["fase"]:
            queryset = queryset.filter(phase__slug=data["fase"])
        if data["herkomst"] == "eigen":
            queryset = queryset.filter(trajectory__organisation=organisation)
        elif data["herkomst"] == "gedeeld":
            queryset = queryset.exclude(trajectory__organisation=organisation)
        return queryset


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=1000, strip=True)
    soort = forms.CharField(required=False, max_length=50)


class LearningSettingsForm(StyledFormMixin, forms.ModelForm):
    submit_label = _("Instellingen opslaan")

    class Meta:
        model = LearningSettings
        fields = ["show_name_on_shared_lessons", "benchmark_opt_in"]


class BenchmarkFilterForm(forms.Form):
    """Category and year of the benchmark page: only values that have figures can be chosen."""

    categorie = forms.ChoiceField(label=_("Categorie"), required=False)
    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        categories = sorted({(f.category_key, f.category_name) for f in figures}, key=lambda c: c[1])
        years = sorted({f.year for f in figures}, reverse=True)
        self.fields["categorie"].choices = [("", _("Alle categorieën")), *categories]
        self.fields["jaar"].choices = [("", _("Alle jaren")), *((str(y), str(y)) for y in years)]
