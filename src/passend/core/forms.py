from django import forms

from passend.core.forms_util import DATUM
from passend.core.models import AuditEvent


class AuditFilterForm(forms.Form):
    actie = forms.ChoiceField(label="Actie", required=False, choices=[("", "Alle acties"), *AuditEvent.Action.choices])
    resultaat = forms.ChoiceField(
        label="Resultaat", required=False, choices=[("", "Alle resultaten"), *AuditEvent.Result.choices]
    )
    gebruiker = forms.CharField(label="Gebruiker (naam of e-mail)", required=False, max_length=100)
    van = forms.DateField(label="Vanaf datum", required=False, widget=DATUM)
    tot = forms.DateField(label="Tot en met datum", required=False, widget=DATUM)

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data
