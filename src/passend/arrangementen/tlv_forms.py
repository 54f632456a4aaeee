"""Forms of the TLV pages: an expert's advice, issuing the TLV, and objections.

The services (arrangementen.tlv) hold the rules; these forms only read the input and put the
services' Dutch messages at the fields."""

from django import forms
from django.utils import timezone

from passend.arrangementen.models import Bezwaar, Tlv
from passend.core.forms_util import DATUM
from passend.trajecten.forms import deskundige_label


class DeskundigenadviesForm(forms.Form):
    deskundige = forms.ModelChoiceField(
        label="Deskundige",
        queryset=None,
        help_text="Een orthopedagoog of psycholoog, en als tweede bijvoorbeeld een jeugdarts, pedagoog, "
        "kinderpsychiater of maatschappelijk werker; niet van de aanvragende school.",
    )
    datum = forms.DateField(label="Datum van het advies", initial=timezone.localdate, widget=DATUM)
    advies = forms.CharField(
        label="Advies",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        error_messages={"required": "Schrijf het advies op: een advies is schriftelijk."},
        help_text="Het eigen schriftelijke advies van deze deskundige; een gezamenlijk advies telt niet.",
    )

    def __init__(self, *args, deskundigen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deskundige"].queryset = deskundigen
        self.fields["deskundige"].label_from_instance = deskundige_label


class TlvAfgevenForm(forms.Form):
    ontvangende_school = forms.ModelChoiceField(
        label="Ontvangende school", queryset=None, help_text="De school die de leerling met deze TLV toelaat."
    )
    startdatum = forms.DateField(label="Geldig vanaf", widget=DATUM)
    hele_schoolloopbaan = forms.BooleanField(
        label="Voor de hele schoolloopbaan",
        required=False,
        help_text="Zonder einddatum; alleen als uw samenwerkingsverband dat zo afspreekt.",
    )
    einddatum = forms.DateField(label="Geldig tot en met", widget=DATUM, required=False)
    categorie = forms.ChoiceField(
        label="Bekostigingscategorie",
        choices=[("", "---------"), *Tlv.Categorie.choices],
        required=False,
        help_text="Zoals gevraagd in de aanvraag, tenzij anders besloten.",
    )
    terugkeer_gepland_op = forms.DateField(
        label="Geplande terugkeer",
        widget=DATUM,
        required=False,
        help_text="Alleen bij een tijdelijke plaatsing: wanneer de leerling naar de eigen school terugkeert.",
    )

    def __init__(self, *args, scholen, so: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ontvangende_school"].queryset = scholen
        if not so:
            del self.fields["categorie"]  # an SBO TLV has no funding category

    def gegevens(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("categorie", "")
        return data


class BezwaarForm(forms.Form):
    ontvangen_op = forms.DateField(label="Ontvangen op", initial=timezone.localdate, widget=DATUM)
    ingediend_door = forms.CharField(
        label="Ingediend door", max_length=200, help_text="Bijvoorbeeld: de moeder van de leerling."
    )
    gronden = forms.CharField(
        label="Gronden van het bezwaar",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text="Waarom de indiener het niet eens is met het besluit.",
    )


class DoorsturenForm(forms.Form):
    op = forms.DateField(
        label="Doorgestuurd naar de LBT op",
        initial=timezone.localdate,
        widget=DATUM,
        help_text="Met het dossier: de aanvraag, beide deskundigenadviezen en het besluit.",
    )


class AfhandelenForm(forms.Form):
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=[("", "---------"), *Bezwaar.Uitkomst.choices])
    op = forms.DateField(label="Besloten op", initial=timezone.localdate, widget=DATUM)
    toelichting = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
