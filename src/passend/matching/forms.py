from django import forms

from passend.matching.models import TOELICHTING_MAX, AanvullendArrangement, Matchkeuze, Profielcontrole
from passend.matching.velden import MAX_NIVEAUS, VELD_NAMEN, VELD_VRAGEN, VELDEN

ONDUIDELIJK = "onduidelijk"


class VijfVeldenForm(forms.Form):
    """A level per field, chosen from the partnership's scale (with its descriptions), and why."""

    def __init__(self, *args, schaal: dict, onduidelijk_mag: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.onduidelijk_mag = onduidelijk_mag
        for veld in VELDEN:
            keuzes = [(str(n), f"{n} — {tekst}") for n, tekst in schaal[veld]]
            if onduidelijk_mag:
                keuzes.append((ONDUIDELIJK, "Onduidelijk: nog niet bekend wat nodig is"))
            self.fields[veld] = forms.ChoiceField(
                label=VELD_NAMEN[veld],
                choices=keuzes,
                widget=forms.RadioSelect,
                help_text=VELD_VRAGEN[veld],
                error_messages={
                    "required": f"Kies een niveau voor {VELD_NAMEN[veld].lower()}.",
                    "invalid_choice": "Kies een van de niveaus.",
                },
            )
            self.fields[f"toelichting_{veld}"] = forms.CharField(
                label=f"Toelichting bij {VELD_NAMEN[veld].lower()}",
                required=False,
                max_length=TOELICHTING_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def velden(self):
        """[(level field, explanation field)] per field, for the template."""
        return [(self[veld], self[f"toelichting_{veld}"]) for veld in VELDEN]

    def niveaus(self) -> dict:
        return {
            veld: None if self.cleaned_data[veld] == ONDUIDELIJK else int(self.cleaned_data[veld]) for veld in VELDEN
        }

    def toelichtingen(self) -> dict:
        return {veld: self.cleaned_data.get(f"toelichting_{veld}", "") for veld in VELDEN}

    @staticmethod
    def initial_van(profiel) -> dict:
        if profiel is None:
            return {}
        initial = {}
        for veld in VELDEN:
            niveau = getattr(profiel, veld)
            initial[veld] = ONDUIDELIJK if niveau is None else str(niveau)
            initial[f"toelichting_{veld}"] = getattr(profiel, f"toelichting_{veld}")
        return initial


class BehoefteForm(VijfVeldenForm):
    def __init__(self, *args, afnames, trajecten, **kwargs):
        super().__init__(*args, onduidelijk_mag=True, **kwargs)
        self.fields["samenvatting"] = forms.CharField(
            label="Samenvatting",
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="Wat heeft de leerling nodig, uit alle bronnen: school, ouders, de leerling zelf, deskundigen.",
        )
        self.fields["bronnen"] = forms.TypedMultipleChoiceField(
            label="Gebaseerd op de vragenlijsten",
            required=False,
            coerce=int,
            choices=[(a.pk, f"{a.instrument.naam}, {a.peildatum:%d-%m-%Y} ({a.ingevuld_door_naam})") for a in afnames],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["traject"] = forms.TypedChoiceField(
            label="Bij traject",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Geen traject")] + [(t.pk, t.route_versie.naam) for t in trajecten],
        )
        if not afnames:
            del self.fields["bronnen"]
        if not trajecten:
            del self.fields["traject"]


class ProfielForm(VijfVeldenForm):
    samenvatting = forms.CharField(
        label="In het kort",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: smalle ondersteuningsschool met een rustige werkplek en een taalspecialist.",
    )


class MatchkeuzeForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=Matchkeuze.Uitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een uitkomst."},
    )
    keuze = forms.ChoiceField(label="Gekozen plek", required=False)
    reden = forms.CharField(
        label="Reden",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Waarom deze keuze: wat weegt de commissie mee naast het advies?",
        error_messages={"required": "Schrijf de reden van de keuze op."},
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [("", "— geen plek (bijvoorbeeld bij een onduidelijke behoefte) —")]
        for k in kandidaten:
            if k.aanvulling is not None:
                keuzes.append((f"aanvulling:{k.aanvulling.sleutel}", f"{k.setting.naam} + {k.aanvulling.naam}"))
            else:
                keuzes.append((k.setting.sleutel, k.setting.naam))
        self.fields["keuze"].choices = keuzes


class ControleForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=Profielcontrole.Uitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies goedkeuren of terugsturen."},
    )
    opmerking = forms.CharField(
        label="Opmerking voor de school", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SchaalForm(forms.Form):
    def __init__(self, *args, veld: str, niveaus: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.veld = veld
        self.naam = VELD_NAMEN[veld]
        for i in range(MAX_NIVEAUS):
            bestaand = next((tekst for n, tekst in niveaus if n == i), "")
            self.fields[f"niveau_{i}"] = forms.CharField(
                label=f"Niveau {i}", required=False, max_length=300, initial=bestaand
            )

    def omschrijvingen(self) -> list[str]:
        """The filled-in levels from 0 up; a gap ends the scale (the service names an empty level)."""
        teksten = [self.cleaned_data.get(f"niveau_{i}", "").strip() for i in range(MAX_NIVEAUS)]
        while teksten and not teksten[-1]:
            teksten.pop()
        return teksten


class AanvullendArrangementForm(forms.ModelForm):
    class Meta:
        model = AanvullendArrangement
        fields = ["naam", "omschrijving", *VELDEN, "school", "voorziening", "actief"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = dict.fromkeys(VELDEN, "Hoeveel niveaus het arrangement op dit veld toevoegt aan de school.")

    def __init__(self, *args, samenwerkingsverband, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.samenwerkingsverband = samenwerkingsverband
        self.fields["school"].queryset = self.fields["school"].queryset.filter(
            samenwerkingsverband=samenwerkingsverband
        )
        self.fields["voorziening"].queryset = self.fields["voorziening"].queryset.filter(
            samenwerkingsverband=samenwerkingsverband
        )
