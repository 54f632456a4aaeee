"""The forms of the arrangement pages. They check the shape of the input; the services check the
rules (kinds per decision, periods, closed months, who may) and the forms show their messages."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    Evaluatie,
    EvaluatieDoel,
    Inzet,
    OuderVragenlijst,
    Soort,
)
from passend.core.forms_util import DATUM


class Getal(forms.DecimalField):
    """A decimal number typed the Dutch way (1,5) or the English way (1.5). A text field with a
    decimal keyboard: a number field refuses the comma in some browsers and locales."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs


def _uren(label: str, *, help_text: str = "", required: bool = True, minimum: str = "0") -> Getal:
    return Getal(
        label=label,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal(minimum),
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": "Vul een aantal uren in, bijvoorbeeld 1,5.",
            "max_decimal_places": "Gebruik hoogstens twee cijfers achter de komma.",
            "min_value": "Het aantal uren kan niet negatief zijn.",
        },
    )


def _bedrag(label: str, *, help_text: str, voorbeeld: str, minimum: str, te_laag: str, **kwargs) -> Getal:
    """An amount in euros with cents."""
    return Getal(
        label=label,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal(minimum),
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Vul het bedrag in.",
            "invalid": f"Vul een bedrag in euro's in, bijvoorbeeld {voorbeeld}.",
            "max_decimal_places": "Gebruik hoogstens twee cijfers achter de komma (centen).",
            "max_digits": "Dat bedrag is te groot.",
            "max_whole_digits": "Dat bedrag is te groot.",
            "min_value": te_laag,
        },
        **kwargs,
    )


def _tekst(label: str, *, rows: int = 3, lengte: int = 4000, required: bool = False, help_text: str = ""):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=lengte,
        required=required,
        help_text=help_text,
    )


def soort_keuzes(soorten) -> list[tuple[str, str]]:
    """The kinds in the models' order."""
    return [(waarde, label) for waarde, label in Soort.choices if waarde in soorten]


# --- Granting -----------------------------------------------------------------------------------


class ArrangementForm(forms.Form):
    """What the partnership puts into effect on a granted decision."""

    soort = forms.ChoiceField(label="Soort arrangement")
    ontvangers = forms.MultipleChoiceField(
        label="Voor wie",
        choices=Arrangement.Ontvanger.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies voor wie het arrangement is."},
    )
    doel_omschrijving = _tekst(
        "Wat moet het arrangement bereiken", required=True, help_text="In een paar zinnen: het resultaat dat u zoekt."
    )
    opp_doelen = forms.ModelMultipleChoiceField(
        label="Doelen uit het OPP",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies de doelen uit het vastgestelde OPP waaraan dit arrangement werkt.",
    )
    doelen = _tekst(
        "Eigen doelen", rows=4, help_text="Eén doel per regel, zo concreet dat u het bij de evaluatie kunt beoordelen."
    )
    activiteiten = _tekst("Activiteiten", help_text="Wat er gebeurt: begeleiding, coaching, observatie, …")
    plaats = forms.ChoiceField(label="Waar", choices=Arrangement.Plaats.choices)
    plaats_school = forms.ModelChoiceField(
        label="School", queryset=None, required=False, help_text="Bij een andere school, sbo- of so-school."
    )
    plaats_voorziening = forms.ModelChoiceField(
        label="Voorziening", queryset=None, required=False, help_text="Bij een tussenvoorziening of observatieplek."
    )
    rooster = forms.CharField(
        label="Wanneer", max_length=200, required=False, help_text="Bijvoorbeeld: drie ochtenden per week."
    )
    startdatum = forms.DateField(label="Startdatum", widget=DATUM)
    einddatum = forms.DateField(label="Einddatum", widget=DATUM)
    materiaalbudget = _bedrag(
        "Budget voor materialen (€)",
        help_text="In euro's, bijvoorbeeld 250 of 125,50. Leeg: geen budget.",
        voorbeeld="125,50",
        minimum="0",
        te_laag="Een budget kan niet negatief zijn.",
        required=False,
        initial=Decimal("0"),
    )
    financiering = forms.ChoiceField(label="Betaald door", choices=Arrangement.Financiering.choices)
    terugkeer_op = forms.DateField(
        label="Geplande terugkeer naar de eigen school",
        widget=DATUM,
        required=False,
        help_text="Alleen bij een tijdelijke plaatsing: de taken rond de terugkeer worden hierop gepland.",
    )

    def __init__(self, *args, soorten, scholen, voorzieningen, opp_doelen, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = soort_keuzes(soorten)
        # One kind: that one; more: the granter chooses, nothing is chosen for them.
        self.fields["soort"].choices = keuzes if len(keuzes) == 1 else [("", "— kies de soort —"), *keuzes]
        self.fields["plaats_school"].queryset = scholen
        self.fields["plaats_voorziening"].queryset = voorzieningen
        self.fields["opp_doelen"].queryset = opp_doelen
        self.fields["opp_doelen"].label_from_instance = lambda d: f"{d.get_domein_display()}: {d.omschrijving}"
        if not opp_doelen.exists():
            del self.fields["opp_doelen"]
        if Soort.TIJDELIJKE_PLAATSING not in soorten:
            del self.fields["terugkeer_op"]

    def clean_materiaalbudget(self):
        return self.cleaned_data["materiaalbudget"] or Decimal("0")

    def gegevens(self) -> dict:
        """The input as arrangement_toekennen takes it."""
        data = dict(self.cleaned_data)
        doelen = [{"opp_doel": d} for d in data.pop("opp_doelen", [])]
        doelen += [{"omschrijving": regel.strip()} for regel in data.pop("doelen").splitlines() if regel.strip()]
        data["doelen"] = doelen
        if "terugkeer_op" not in self.fields:
            data.pop("terugkeer_op", None)
        return data


# --- Providers and hours ------------------------------------------------------------------------


class AanbiederForm(forms.Form):
    """Assign a provider: an expert from the pool, or a school, SBO/SO or youth care by name."""

    soort = forms.ChoiceField(label="Soort aanbieder", choices=Aanbieder.SoortAanbieder.choices)
    deskundige = forms.ModelChoiceField(
        label="Deskundige uit de pool", queryset=None, required=False, help_text="Nodig bij een deskundige uit de pool."
    )
    naam = forms.CharField(
        label="Naam", max_length=200, required=False, help_text="Leeg laten bij een deskundige: dan diens naam."
    )
    uren_gepland = _uren("Geplande uren", help_text="Voor de hele looptijd van het arrangement.")

    def __init__(self, *args, deskundigen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deskundige"].queryset = deskundigen
        self.fields["deskundige"].label_from_instance = lambda d: f"{d.naam} ({d.get_discipline_display().lower()})"

    def clean(self):
        data = super().clean()
        if data.get("soort") == Aanbieder.SoortAanbieder.DESKUNDIGE and not data.get("deskundige"):
            self.add_error("deskundige", "Kies de deskundige.")
        elif data.get("soort") and not data.get("naam") and not data.get("deskundige"):
            self.add_error("naam", "Vul de naam van de aanbieder in.")
        return data


class SuggestieToewijzenForm(forms.Form):
    """Assign one suggested expert (the assignment list and the arrangement page)."""

    deskundige = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    uren_gepland = _uren("Geplande uren")

    def __init__(self, *args, deskundigen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deskundige"].queryset = deskundigen


class InzetForm(forms.Form):
    aanbieder = forms.ModelChoiceField(label="Aanbieder", queryset=None, empty_label=None)
    datum = forms.DateField(label="Datum", widget=DATUM, initial=timezone.localdate)
    activiteit = forms.ChoiceField(label="Activiteit", choices=Inzet.Activiteit.choices)
    uren = Getal(
        label="Uren",
        max_digits=5,
        decimal_places=2,
        help_text="Bijvoorbeeld 1,5 voor anderhalf uur; hoogstens 24.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": "Vul een aantal uren in, bijvoorbeeld 1,5.",
            "max_decimal_places": "Gebruik hoogstens twee cijfers achter de komma.",
            "max_digits": "Vul een aantal uren in tussen 0,25 en 24.",
            "max_whole_digits": "Vul een aantal uren in tussen 0,25 en 24.",
        },
    )
    toelichting = forms.CharField(label="Toelichting", max_length=500, required=False)

    def __init__(self, *args, aanbieders, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanbieder"].queryset = aanbieders
        self.fields["aanbieder"].label_from_instance = label or (lambda a: a.naam)
        if label is not None:
            self.fields["aanbieder"].label = "Arrangement"


class MateriaalForm(forms.Form):
    datum = forms.DateField(label="Datum van aankoop", widget=DATUM, initial=timezone.localdate)
    bedrag = _bedrag(
        "Bedrag (€)",
        help_text="In euro's, bijvoorbeeld 49,95.",
        voorbeeld="49,95",
        minimum="0.01",
        te_laag="Vul een bedrag in van minstens € 0,01.",
    )
    omschrijving = forms.CharField(
        label="Wat is er gekocht",
        max_length=200,
        help_text="Bijvoorbeeld: koptelefoon met ruisonderdrukking.",
        error_messages={"required": "Schrijf op wat er is gekocht."},
    )


# --- The arrangement's life ---------------------------------------------------------------------


class ToelichtingForm(forms.Form):
    toelichting = forms.CharField(
        label="Waarom",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Schrijf op waarom."},
    )


class VerlengenForm(ToelichtingForm):
    einddatum = forms.DateField(label="Nieuwe einddatum", widget=DATUM)

    field_order = ["einddatum", "toelichting"]


class OmzettenForm(ToelichtingForm):
    naar_soort = forms.ChoiceField(label="Omzetten naar")

    field_order = ["naar_soort", "toelichting"]

    def __init__(self, *args, huidig: str, **kwargs):
        from passend.arrangementen.services import OMZETBAAR

        super().__init__(*args, **kwargs)
        self.fields["naar_soort"].choices = soort_keuzes(set(OMZETBAAR) - {huidig})


class EvaluatieForm(forms.Form):
    """Record one planned evaluation: a result per goal, the views, the outcome, new goals."""

    evaluatie = forms.ModelChoiceField(label="Welke evaluatie", queryset=None, empty_label=None)
    datum = forms.DateField(label="Gehouden op", widget=DATUM, initial=timezone.localdate)
    visie_leerkracht = _tekst("Wat vindt de leerkracht")
    visie_ouders = _tekst("Wat vinden de ouders")
    visie_leerling = _tekst("Wat vindt de leerling")
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "—"), *Evaluatie.Uitkomst.choices],
        error_messages={"required": "Kies de uitkomst van de evaluatie."},
    )
    toelichting = _tekst("Toelichting")
    nieuwe_doelen = _tekst(
        "Nieuwe doelen", help_text="Eén doel per regel; nodig bij de uitkomst ‘Nieuwe doelen toevoegen’."
    )

    def __init__(self, *args, evaluaties, doelen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluatie"].queryset = evaluaties
        self.fields["evaluatie"].label_from_instance = lambda e: (
            f"{e.get_moment_display()}, uiterlijk {e.gepland_op:%d-%m-%Y}" + (" (te laat)" if e.is_te_laat else "")
        )
        self.doelen = list(doelen)
        for doel in self.doelen:
            self.fields[f"resultaat_{doel.pk}"] = forms.ChoiceField(
                label=f"Resultaat: {doel.omschrijving}",
                choices=[("", "—"), *EvaluatieDoel.Resultaat.choices],
                error_messages={"required": f"Geef aan of het doel ‘{doel.omschrijving[:60]}’ is behaald."},
            )
        self.order_fields(["evaluatie", "datum", *(f"resultaat_{d.pk}" for d in self.doelen)])

    def gegevens(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("evaluatie")
        data["resultaten"] = {d.pk: data.pop(f"resultaat_{d.pk}", "") for d in self.doelen}
        data["nieuwe_doelen"] = [
            {"omschrijving": regel.strip()} for regel in data.pop("nieuwe_doelen").splitlines() if regel.strip()
        ]
        return data


class OuderVragenlijstForm(forms.ModelForm):
    class Meta:
        model = OuderVragenlijst
        fields = ["helpt", "betrokken", "afspraken", "opmerking"]
        labels = {
            "helpt": "Helpt het arrangement uw kind?",
            "betrokken": "Voelt u zich betrokken?",
            "afspraken": "Worden de afspraken nagekomen?",
            "opmerking": "Wat wilt u nog kwijt?",
        }
        widgets = {
            "helpt": forms.RadioSelect,
            "betrokken": forms.RadioSelect,
            "afspraken": forms.RadioSelect,
            "opmerking": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in ("helpt", "betrokken", "afspraken"):
            self.fields[veld].choices = OuderVragenlijst.Score.choices
            self.fields[veld].error_messages["required"] = "Kies een antwoord."
        self.fields["opmerking"].required = False


class PlaatsingstaakForm(forms.Form):
    verslag = forms.CharField(
        label="Wat is er gedaan of gezien",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        error_messages={"required": "Schrijf kort op wat er is gedaan of gezien."},
    )
    op = forms.DateField(label="Gedaan op", widget=DATUM, initial=timezone.localdate)


class MaandForm(forms.Form):
    maand = forms.CharField(widget=forms.HiddenInput)
    samenwerkingsverband = forms.IntegerField(widget=forms.HiddenInput)

    def clean_maand(self):
        try:
            jaar, maand = (int(deel) for deel in self.cleaned_data["maand"].split("-"))
        except ValueError:
            raise forms.ValidationError("Kies een bestaande maand.") from None
        return jaar, maand
