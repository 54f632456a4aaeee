from django import forms

from passend.core.forms_util import DATUM
from passend.core.validators import validate_geen_html
from passend.dossier.models import (
    HANDELINGSDEEL_VELDEN,
    PERSPECTIEF_VELDEN,
    STEM_VELDEN,
    Document,
    Domein,
    Handelingsplan,
    Ondertekening,
    OppDoel,
    OppEvaluatie,
    OppVersie,
    Sectie,
    Vertrouwelijkheid,
)
from passend.dossier.services import HANDELINGSPLAN_VELDEN, HANDELINGSPLAN_VERPLICHT, MAX_TEKST
from passend.leerlingen.models import Ouder, Toestemming


class BijdragenForm(forms.Form):
    """The actor's own text for each section they may write in."""

    def __init__(self, *args, secties, eigen: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for sectie in secties:
            self.fields[sectie.value] = forms.CharField(
                label=sectie.label,
                required=False,
                max_length=MAX_TEKST,
                initial=eigen.get(sectie.value, ""),
                strip=True,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if Sectie.LEERLING_STEM.value in self.fields:
            self.fields[
                Sectie.LEERLING_STEM.value
            ].help_text = "Wat vindt de leerling zelf? Schrijf het op zoals de leerling het zegt, namens de leerling."


class OndertekenForm(forms.Form):
    soort = forms.ChoiceField(label="Hoe ondertekent u?", choices=Ondertekening.Soort.choices, widget=forms.RadioSelect)


def _zonder_school(veld) -> None:
    """An external writes for everyone in the traject, or a medical report; not for the school alone."""
    veld.choices = [(value, label) for value, label in veld.choices if value != Vertrouwelijkheid.SCHOOL]
    veld.initial = Vertrouwelijkheid.TRAJECT


class DocumentForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200, validators=[validate_geen_html])
    soort = forms.ChoiceField(label="Soort document", choices=Document.Soort.choices)
    bestand = forms.FileField(
        label="Bestand", help_text="PDF, Word, OpenDocument, JPEG of PNG; hoogstens 10 MB.", allow_empty_file=True
    )
    vertrouwelijkheid = forms.ChoiceField(
        label="Wie mag het zien", choices=Vertrouwelijkheid.choices, initial=Vertrouwelijkheid.SCHOOL
    )
    gedeeld_met_ouders = forms.BooleanField(label="Ook zichtbaar voor de ouders", required=False, initial=True)
    delen_buiten_school = forms.BooleanField(
        label="De ouders geven toestemming om dit verslag buiten de school te delen",
        required=False,
        help_text="Alleen van belang bij medische en psychologische verslagen.",
    )

    def __init__(self, *args, door_ouder: bool, door_extern: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if door_ouder:
            for name in ("vertrouwelijkheid", "gedeeld_met_ouders", "delen_buiten_school"):
                del self.fields[name]
        elif door_extern:
            _zonder_school(self.fields["vertrouwelijkheid"])


class NotitieForm(forms.Form):
    tekst = forms.CharField(label="Notitie", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    vertrouwelijkheid = forms.ChoiceField(
        label="Wie mag het zien", choices=Vertrouwelijkheid.choices, initial=Vertrouwelijkheid.SCHOOL
    )
    gedeeld_met_ouders = forms.BooleanField(label="Ook zichtbaar voor de ouders", required=False)

    def __init__(self, *args, door_ouder: bool, door_extern: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if door_ouder:
            del self.fields["vertrouwelijkheid"]
            del self.fields["gedeeld_met_ouders"]
        elif door_extern:
            _zonder_school(self.fields["vertrouwelijkheid"])


# --- OPP -----------------------------------------------------------------------------------

TEKST = forms.Textarea(attrs={"rows": 3})
OPP_TEKSTVELDEN = (
    "onderbouwing",
    "belemmerende_factoren",
    "bevorderende_factoren",
    "didactisch_niveau",
    "ambitie",
    "ondersteuning",
    "begeleiding",
    "afwijkingen",
    "leerling_visie",
    "zienswijze_ouders",
)


class OppForm(forms.ModelForm):
    """The content of the OPP, in the order of the plan; the goals are a formset beside it."""

    class Meta:
        model = OppVersie
        fields = [*PERSPECTIEF_VELDEN, *HANDELINGSDEEL_VELDEN, *STEM_VELDEN]
        widgets = {
            "startdatum": DATUM,
            "einddatum": DATUM,
            "ouders_gehoord_op": DATUM,
            **dict.fromkeys(OPP_TEKSTVELDEN, TEKST),
        }
        help_texts = {
            "didactisch_niveau": "Per vak het huidige niveau, bijvoorbeeld: technisch lezen AVI M3.",
            "ambitie": "Wat de leerling, de ouders en de school willen bereiken.",
            "ondersteuning": "Handelingsdeel: welke ondersteuning de leerling krijgt. De ouders stemmen hiermee in.",
            "begeleiding": "Handelingsdeel: wie begeleidt de leerling, hoe vaak en waar.",
            "afwijkingen": "Handelingsdeel: waar de leerling afwijkt van het gewone programma, bijvoorbeeld een "
            "eigen leerlijn of minder onderwijstijd.",
            "leerling_visie": "De leerling heeft het recht gehoord te worden. Schrijf op wat de leerling zelf zegt.",
            "ouders_gehoord_op": "Over het uitstroomprofiel voert de school overleg met de ouders, gericht op "
            "overeenstemming.",
        }

    def _post_clean(self):
        # The service validates the whole OPP (dates against birth, order, lengths) in one place.
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)

    # The page shows the fields in three parts, with the goals between the first two.
    def _velden(self, namen):
        return [self[naam] for naam in namen]

    @property
    def perspectief(self):
        return self._velden(PERSPECTIEF_VELDEN)

    @property
    def handelingsdeel(self):
        return self._velden(HANDELINGSDEEL_VELDEN)

    @property
    def stem(self):
        return self._velden(STEM_VELDEN)


class OppDoelForm(forms.Form):
    domein = forms.ChoiceField(label="Domein", choices=[("", "—"), *Domein.choices], required=False)
    soort = forms.ChoiceField(label="Soort", choices=[("", "—"), *OppDoel.Soort.choices], required=False)
    omschrijving = forms.CharField(
        label="Doel", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    streefdatum = forms.DateField(label="Te bereiken op", required=False, widget=DATUM)

    def clean(self):
        data = super().clean()
        ingevuld = any(data.get(veld) for veld in ("domein", "soort", "omschrijving", "streefdatum"))
        if ingevuld:
            for veld, tekst in (
                ("domein", "Kies het domein."),
                ("soort", "Kies einddoel of tussendoel."),
                ("omschrijving", "Beschrijf het doel."),
            ):
                if not data.get(veld):
                    self.add_error(veld, tekst)
        return data


class BaseOppDoelFormSet(forms.BaseFormSet):
    def service_data(self) -> list[dict]:
        return [
            {veld: form.cleaned_data.get(veld) for veld in ("domein", "soort", "omschrijving", "streefdatum")}
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("omschrijving")
        ]


OppDoelFormSet = forms.formset_factory(OppDoelForm, formset=BaseOppDoelFormSet, extra=3, max_num=30, validate_max=True)


class OppInstemmingForm(forms.Form):
    besluit = forms.ChoiceField(label="Besluit", choices=Toestemming.Besluit.choices, widget=forms.RadioSelect)
    datum = forms.DateField(label="Datum van het besluit", widget=DATUM)
    ouder = forms.ModelChoiceField(
        label="Besluit van", queryset=Ouder.objects.none(), help_text="De ouder of voogd met gezag die besliste."
    )

    def __init__(self, *args, leerling, namens_ouder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if namens_ouder:
            del self.fields["ouder"]
        else:
            self.fields["ouder"].queryset = Ouder.objects.filter(
                ouderschappen__leerling=leerling, ouderschappen__gezag=True
            )


class OppEvaluatieForm(forms.ModelForm):
    class Meta:
        model = OppEvaluatie
        fields = ["datum", "aanwezig", "met_ouders", "bevindingen", "conclusie"]
        widgets = {"datum": DATUM, "bevindingen": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "bevindingen": "Hoe ging het met de doelen en de ondersteuning? Wat zeggen de ouders en de leerling?"
        }


# --- Handelingsplan ---


def _verplicht(veld) -> dict:
    return {"required": HANDELINGSPLAN_VERPLICHT[veld]}


class HandelingsplanForm(forms.ModelForm):
    class Meta:
        model = Handelingsplan
        fields = list(HANDELINGSPLAN_VELDEN)
        widgets = {
            "startdatum": DATUM,
            "einddatum": DATUM,
            "evaluatiedatum": DATUM,
            "beginsituatie": TEKST,
            "doelen": TEKST,
            "aanpak": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "onderwerp": "Waar gaat het plan over? Bijvoorbeeld: technisch lezen, of samen spelen in de kring.",
            "beginsituatie": "Wat ziet u nu: wat gaat goed en wat is moeilijk?",
            "doelen": "Wat kan de leerling aan het eind van de periode? Zo concreet dat u het kunt nagaan.",
            "aanpak": "Wat doet u anders in de groep: instructie, materiaal, kindgesprekken, afspraken met ouders.",
            "evaluatiedatum": "Meestal aan het eind van de periode; daarna ziet u het plan als ‘evaluatie te laat’.",
        }
        error_messages = {veld: _verplicht(veld) for veld in HANDELINGSPLAN_VELDEN if veld in HANDELINGSPLAN_VERPLICHT}

    def _post_clean(self):
        # The service validates the whole plan (dates against each other and the birth date) in one place.
        pass


class HandelingsplanEvaluatieForm(forms.Form):
    geevalueerd_op = forms.DateField(label="Geëvalueerd op", widget=DATUM, error_messages=_verplicht("geevalueerd_op"))
    resultaat = forms.ChoiceField(
        label="Resultaat",
        choices=[("", "Kies het resultaat"), *Handelingsplan.Resultaat.choices],
        error_messages=_verplicht("resultaat"),
    )
    evaluatie = forms.CharField(
        label="Hoe ging het?",
        max_length=Handelingsplan._meta.get_field("evaluatie").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Heeft het afstemmen van het aanbod het gewenste effect? Wat werkte wel, wat niet?",
        error_messages=_verplicht("evaluatie"),
    )
    vervolg = forms.ChoiceField(
        label="Vervolg",
        choices=[("", "Kies het vervolg"), *Handelingsplan.Vervolg.choices],
        error_messages=_verplicht("vervolg"),
    )
