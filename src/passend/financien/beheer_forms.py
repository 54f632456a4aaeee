"""Forms for setting up the money: a distribution model, tariffs, pupil counts, a new year's budget."""

from datetime import date
from decimal import Decimal

from django import forms

from passend.core.forms_util import DATUM
from passend.financien.forms import _bedrag
from passend.financien.models import CENTRALE_DOELEN, Doel, Inkomstenregel, Tarief, Verdeelmodel

PLAATSEN = Tarief.Plaatssoort.choices


def _sleutels():
    from passend.organisaties.models import Deskundige

    return [("standaard", "Standaard uurtarief"), *Deskundige.Discipline.choices]


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label="Uitgangspunt", choices=[c for c in Verdeelmodel.Preset.choices if c[0]])


class VerdeelmodelForm(forms.ModelForm):
    class Meta:
        model = Verdeelmodel
        fields = [
            "naam",
            "bedrag_per_leerling",
            "afroming_pct",
            "uren_in_natura",
            "plaatsing_door_school",
            "plafond_regulier",
            "plafond_sbo",
        ]
        localized_fields = ["bedrag_per_leerling", "afroming_pct", "plafond_regulier", "plafond_sbo"]

    SOORTEN = (("bo", "basisschool (bo)"), ("sbo", "sbo-school"), ("so", "so-school"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gewichten = self.instance.gewichten or {}
        for soort, label in self.SOORTEN:
            self.fields[f"gewicht_{soort}"] = forms.DecimalField(
                label=f"Gewicht per leerling op een {label}",
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0"),
                localize=True,
                initial=Decimal(str(gewichten.get(soort, "1"))),
                help_text="1 is het volle bedrag per leerling; 0,5 de helft." if soort == "bo" else "",
                error_messages={
                    "min_value": "Vul een gewicht van 0 of meer in.",
                    "invalid": "Vul een getal in, bijvoorbeeld 0,5.",
                },
            )

    def modelgegevens(self) -> dict:
        """The model's fields as the service takes them; the weights as one mapping."""
        data = {veld: self.cleaned_data[veld] for veld in self.Meta.fields}
        data["gewichten"] = {soort: str(self.cleaned_data[f"gewicht_{soort}"]) for soort, _ in self.SOORTEN}
        return data


class TariefForm(forms.Form):
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)
    soort = forms.ChoiceField(label="Soort", choices=Tarief.Soort.choices)
    sleutel = forms.ChoiceField(label="Discipline of plaats")
    bedrag = _bedrag("Bedrag")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sleutel"].choices = [("Per uur", _sleutels()), ("Per plaats per jaar", PLAATSEN)]

    def clean(self):
        data = super().clean()
        uur = {k for k, _ in _sleutels()}
        if data.get("soort") == Tarief.Soort.UUR and data.get("sleutel") not in uur:
            self.add_error("sleutel", "Kies bij een uurtarief een discipline.")
        if data.get("soort") == Tarief.Soort.PLAATS and data.get("sleutel") not in dict(PLAATSEN):
            self.add_error("sleutel", "Kies bij een tarief per plaats een soort plaats.")
        return data


class IndexForm(forms.Form):
    naar_jaar = forms.IntegerField(label="Tarieven maken voor het jaar", min_value=2000, max_value=2100)
    index_pct = forms.DecimalField(
        label="Index (%)", max_digits=5, decimal_places=2, localize=True, help_text="Bijvoorbeeld 3,1 voor 3,1% hoger."
    )


class TellingForm(forms.Form):
    """The pupil count of every school on one reference date."""

    peildatum = forms.DateField(label="Peildatum", widget=DATUM, help_text="Meestal 1 oktober.")

    def __init__(self, *args, scholen, bekend: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.scholen = list(scholen)
        for school in self.scholen:
            self.fields[f"school_{school.pk}"] = forms.IntegerField(
                label=school.naam,
                min_value=0,
                max_value=5000,
                required=False,
                initial=bekend.get(school.pk),
                error_messages={"min_value": "Vul 0 of meer in.", "max_value": "Meer dan 5000 leerlingen kan niet."},
            )

    def tellingen(self):
        return [
            (s, self.cleaned_data[f"school_{s.pk}"])
            for s in self.scholen
            if self.cleaned_data.get(f"school_{s.pk}") is not None
        ]


class BegrotingForm(forms.Form):
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)
    verdeelmodel = forms.ModelChoiceField(label="Verdeelmodel", queryset=Verdeelmodel.objects.none())
    peildatum = forms.DateField(
        label="Peildatum leerlingtelling",
        widget=DATUM,
        help_text="De telling op deze datum bepaalt de schoolbudgetten.",
    )
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, samenwerkingsverband, **kwargs):
        jaar = date.today().year + 1
        kwargs.setdefault("initial", {}).update({"jaar": jaar, "peildatum": date(jaar - 1, 10, 1)})
        super().__init__(*args, **kwargs)
        self.fields["verdeelmodel"].queryset = Verdeelmodel.objects.filter(samenwerkingsverband=samenwerkingsverband)
        for soort, label in Inkomstenregel.Soort.choices:
            self.fields[f"inkomsten_{soort}"] = _bedrag(f"Inkomsten: {label}", required=False)
        for doel in CENTRALE_DOELEN:
            self.fields[f"budget_{doel}"] = _bedrag(f"Budget: {Doel(doel).label}", required=False)

    def budgetten(self) -> dict:
        return {doel: self.cleaned_data.get(f"budget_{doel}") or Decimal("0") for doel in CENTRALE_DOELEN}

    def inkomsten(self) -> list:
        return [
            (soort, "", self.cleaned_data[f"inkomsten_{soort}"])
            for soort, _ in Inkomstenregel.Soort.choices
            if self.cleaned_data.get(f"inkomsten_{soort}")
        ]
