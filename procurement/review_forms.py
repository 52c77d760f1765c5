"""Forms of the review pages: the decision and a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import StyledFormMixin

from .models import Comment


class DecisionForm(StyledFormMixin, forms.Form):
    APPROVE = "approve"
    CHANGES = "changes"
    submit_label = _("Beslissing opslaan")

    decision = forms.ChoiceField(
        label=_("Jouw beslissing"),
        choices=[(APPROVE, _("Goedkeuren")), (CHANGES, _("Wijzigingen gevraagd"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies Goedkeuren of Wijzigingen gevraagd.")},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=Comment.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht als je wijzigingen vraagt: schrijf op wat het team moet aanpassen."),
        error_messages={"max_length": _("De toelichting mag hoogstens %(limit_value)d tekens lang zijn.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "beslissing-%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.CHANGES and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Geef een toelichting: schrijf op welke wijzigingen je vraagt."))
        return cleaned


class CommentForm(StyledFormMixin, forms.Form):
    """A comment on the phase, or on one answer (``target`` is the answer's pk or "fase")."""

    submit_label = _("Opmerking plaatsen")

    target = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Opmerking"),
        max_length=Comment.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf een opmerking."),
            "max_length": _("Een opmerking mag hoogstens %(limit_value)d tekens lang zijn (nu %(show_value)d)."),
        },
    )

    def __init__(self, *args, answers=None, target="fase", **kwargs):
        self.answers = {str(a.pk): a for a in (answers or [])}
        kwargs.setdefault("auto_id", f"opmerking-{target}-%s")
        kwargs.setdefault("initial", {"target": target})
        super().__init__(*args, **kwargs)
        if target != "fase":
            self.fields["body"].label = _("Opmerking bij deze vraag")
        else:
            self.fields["body"].label = _("Opmerking bij de fase")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Schrijf een opmerking."))
        return body

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target != "fase" and target not in self.answers:
            raise forms.ValidationError(_("Deze vraag hoort niet bij deze fase."))
        return target

    @property
    def answer(self):
        return self.answers.get(self.cleaned_data.get("target"))
