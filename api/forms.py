import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.forms import DateInput, StyledFormMixin

from .models import Scope

MAX_LIFETIME_DAYS = 366


class TokenForm(StyledFormMixin, forms.Form):
    submit_label = _("Sleutel maken")

    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel is, bijvoorbeeld ‘Power BI dashboard bestuur’ of ‘Contractbeheersysteem’."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
        error_messages={"required": _("Kies minstens één recht.")},
    )
    expires_on = forms.DateField(
        label=_("Verloopt op"),
        widget=DateInput(),
        help_text=_("Hoogstens een jaar vooruit. Na deze dag werkt de sleutel niet meer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Kies een dag na vandaag."))
        if day > today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
            raise forms.ValidationError(_("Kies een dag hoogstens een jaar vooruit."))
        return day

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day (local time): the token works through that whole day."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
