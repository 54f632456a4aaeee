from django import forms
from django.utils import timezone

from passend.core.forms_util import DATUM
from passend.instrumenten.models import MAX_OPEN_ANTWOORD, Vraag
from passend.instrumenten.services import PRESET_CODES

BESTAND_MAX = 2 * 1024 * 1024


def veldnaam(vraag) -> str:
    return f"vraag_{vraag.pk}"


class StartForm(forms.Form):
    """Start an afname of one of the instruments the actor may fill in (or ask the parents)."""

    instrument = forms.TypedChoiceField(
        label="Vragenlijst", coerce=int, error_messages={"required": "Kies een vragenlijst."}
    )
    traject = forms.TypedChoiceField(
        label="Bij traject",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Optioneel: de uitkomsten horen dan bij dit traject.",
    )
    peildatum = forms.DateField(
        label="Peildatum",
        widget=DATUM,
        help_text="De dag waarop de antwoorden betrekking hebben; meestal vandaag.",
        error_messages={"required": "Vul de peildatum in.", "invalid": "Vul een geldige datum in."},
    )

    def __init__(self, *args, instrumenten, trajecten, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("peildatum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", "— kies —")] + [(i.pk, i.naam) for i in instrumenten]
        self.fields["traject"].choices = [("", "Geen traject")] + [(t.pk, t.route_versie.naam) for t in trajecten]
        if not trajecten:
            del self.fields["traject"]


class OudersVragenForm(forms.Form):
    instrument = forms.TypedChoiceField(label="Vragenlijst voor de ouders", coerce=int)

    def __init__(self, *args, instrumenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.pk, i.naam) for i in instrumenten]


class AntwoordenForm(forms.Form):
    """All questions of an instrument; nothing is required here (saving half-way is allowed): the
    service says which required questions are still open when finishing."""

    opmerking = forms.CharField(
        label="Opmerking bij deze afname",
        required=False,
        max_length=MAX_OPEN_ANTWOORD,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: samen ingevuld met de intern begeleider.",
    )

    def __init__(self, *args, instrument, vragen, antwoorden=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vragen = {veldnaam(v): v for v in vragen}
        schaal = [(str(p["waarde"]), p["label"]) for p in instrument.schaal]
        antwoorden = antwoorden or {}
        for naam, vraag in self.vragen.items():
            antwoord = antwoorden.get(vraag.pk)
            if vraag.soort == Vraag.Soort.SCHAAL:
                self.fields[naam] = forms.ChoiceField(
                    label=vraag.tekst,
                    choices=schaal,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Kies een van de antwoorden."},
                )
                if antwoord is not None and antwoord.waarde is not None:
                    self.initial.setdefault(naam, str(antwoord.waarde))
            else:
                self.fields[naam] = forms.CharField(
                    label=vraag.tekst,
                    required=False,
                    max_length=MAX_OPEN_ANTWOORD,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                if antwoord is not None:
                    self.initial.setdefault(naam, antwoord.tekst)

    def antwoorden(self) -> dict[str, object]:
        """By question code, as the service takes them."""
        return {vraag.code: self.cleaned_data.get(naam) for naam, vraag in self.vragen.items()}

    def veld_voor_code(self, code: str) -> str | None:
        return next((naam for naam, vraag in self.vragen.items() if vraag.code == code), None)

    def velden_per_gebied(self, opbouw):
        """[(deel, [(gebied, [bound field])])] in the order of the instrument."""
        per_vraag = {vraag.pk: self[naam] for naam, vraag in self.vragen.items()}
        return [(deel, [(g, [per_vraag[v.pk] for v in vragen]) for g, vragen in gebieden]) for deel, gebieden in opbouw]


class InstrumentLadenForm(forms.Form):
    bestand = forms.FileField(
        label="Definitie (JSON)",
        help_text="Het formaat staat in de handleiding: Vragenlijsten en normtabellen laden.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > BESTAND_MAX:
            raise forms.ValidationError("Het bestand is groter dan 2 MB.")
        if not bestand.name.lower().endswith(".json"):
            raise forms.ValidationError("Kies een JSON-bestand (.json).")
        return bestand


class PresetForm(forms.Form):
    code = forms.ChoiceField(choices=[(c, c) for c in PRESET_CODES])


class NormtabelForm(forms.Form):
    bestand = forms.FileField(
        label="Normtabel (CSV)",
        help_text="Puntkomma's als scheidingsteken, UTF-8; het formaat staat in de handleiding.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )
    bron = forms.CharField(
        label="Bron",
        max_length=300,
        required=False,
        help_text="Bijvoorbeeld: normen uit de handleiding, uitgave 2013, licentie van het samenwerkingsverband.",
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > BESTAND_MAX:
            raise forms.ValidationError("Het bestand is groter dan 2 MB.")
        if not bestand.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Kies een CSV-bestand (.csv).")
        return bestand
