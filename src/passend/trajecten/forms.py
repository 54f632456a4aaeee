from django import forms
from django.utils import timezone

from passend.core.forms_util import DATUM, DATUM_TIJD
from passend.trajecten.models import Aanvraag, Deelnemer, Signaal, Traject
from passend.trajecten.routebestand import BESLISREGELS, PARTIJEN, ROLLEN, lees_route, presets

PARTIJ_KEUZES = sorted(PARTIJEN.items(), key=lambda kv: list(PARTIJEN).index(kv[0]))


class TrajectStartForm(forms.Form):
    route = forms.ModelChoiceField(
        label="Route",
        queryset=None,
        empty_label=None,
        help_text="De route van uw samenwerkingsverband die dit traject volgt.",
    )
    vraag = forms.CharField(
        label="Ondersteuningsvraag",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Wat wilt u weten of bereiken? Bijvoorbeeld: wat heeft deze leerling nodig?",
    )
    door = forms.ChoiceField(label="Wie signaleerde", choices=Signaal.Door.choices)
    reden = forms.ChoiceField(label="Reden", choices=Signaal.Reden.choices)
    toelichting = forms.CharField(
        label="Wat is er aan de hand", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    al_geprobeerd = forms.CharField(
        label="Wat is al geprobeerd", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    datum = forms.DateField(label="Gesignaleerd op", initial=timezone.localdate, widget=DATUM)

    def __init__(self, *args, routes, scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        if scholen is not None:
            self.fields["school"] = forms.ModelChoiceField(label="School", queryset=scholen, empty_label=None)
            self.fields["onderwerp"] = forms.ChoiceField(
                label="Waarover gaat de vraag",
                choices=[c for c in Traject.Onderwerp.choices if c[0] != Traject.Onderwerp.LEERLING],
            )
            self.fields["reden"].initial = Signaal.Reden.SCHOOLVRAAG
            self.fields["door"].initial = Signaal.Door.IB
            self.order_fields(["school", "onderwerp", "route", "vraag"])

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError("Een signaal kan niet in de toekomst liggen.")
        return datum

    def signaal(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("door", "reden", "toelichting", "al_geprobeerd", "datum")}


class UitkomstForm(forms.Form):
    van_stap = forms.CharField(widget=forms.HiddenInput)
    uitkomst = forms.CharField(widget=forms.HiddenInput)
    motivatie = forms.CharField(
        label="Motivering", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


def deskundige_label(deskundige) -> str:
    return f"{deskundige.naam} ({deskundige.get_discipline_display().lower()})"


class PersoonKeuze:
    """A person chosen from the accounts or the expert pool; the name follows the choice unless typed."""

    def __init__(self, *args, gebruikers, deskundigen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = gebruikers
        self.fields["gebruiker"].label_from_instance = lambda u: u.naam
        self.fields["deskundige"].queryset = deskundigen
        self.fields["deskundige"].label_from_instance = deskundige_label

    def clean(self):
        data = super().clean()
        if not data.get("naam"):
            persoon = data.get("gebruiker") or data.get("deskundige")
            if persoon is None:
                self.add_error("naam", "Vul een naam in of kies een persoon.")
            else:
                data["naam"] = persoon.naam
        return data


class BetrokkeneForm(PersoonKeuze, forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=200, required=False, help_text="Leeg laten als u een persoon kiest."
    )
    functie = forms.CharField(label="Functie", max_length=200, required=False)
    partij = forms.ChoiceField(label="Namens", choices=PARTIJ_KEUZES)
    gebruiker = forms.ModelChoiceField(
        label="Met een account in Passend",
        queryset=None,
        required=False,
        help_text="Wie een account heeft, ziet het traject; een externe alleen tot de einddatum.",
    )
    deskundige = forms.ModelChoiceField(label="Deskundige uit de pool", queryset=None, required=False)
    geldig_tot = forms.DateField(
        label="Betrokken tot en met",
        required=False,
        widget=DATUM,
        help_text="Verplicht voor externen: hoogstens een jaar vooruit.",
    )


class CasusregisseurForm(forms.Form):
    gebruiker = forms.ModelChoiceField(
        label="Casusregisseur",
        queryset=None,
        help_text="Wie de regie houdt over dit traject; de route bepaalt welke rol dat is.",
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = kandidaten
        self.fields["gebruiker"].label_from_instance = lambda u: u.naam


class OverlegPlanForm(forms.Form):
    datum = forms.DateTimeField(label="Datum en tijd", widget=DATUM_TIJD)
    locatie = forms.CharField(label="Plaats", max_length=200, required=False)


class OverlegVerslagForm(forms.Form):
    agenda = forms.CharField(label="Agenda", widget=forms.Textarea(attrs={"rows": 6}), max_length=8000, required=False)
    verslag = forms.CharField(
        label="Verslag", widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, required=False
    )


class DeelnemerForm(PersoonKeuze, forms.ModelForm):
    class Meta:
        model = Deelnemer
        fields = ["naam", "functie", "partij", "gebruiker", "deskundige", "stemgerechtigd"]
        labels = {"gebruiker": "Met een account in Passend", "deskundige": "Deskundige uit de pool"}

    def __init__(self, *args, gebruikers, deskundigen, **kwargs):
        super().__init__(*args, gebruikers=gebruikers, deskundigen=deskundigen, **kwargs)
        self.fields["naam"].required = False
        self.fields["naam"].help_text = "Leeg laten als u een persoon of deskundige kiest."
        self.fields["partij"].choices = PARTIJ_KEUZES


class AfspraakForm(forms.Form):
    wat = forms.CharField(label="Afspraak", max_length=500)
    wie = forms.CharField(label="Wie", max_length=200)
    uiterlijk = forms.DateField(label="Uiterlijk", required=False, widget=DATUM)


class BesluitForm(forms.Form):
    """The meeting's decision: the outcome, why, and per participant presence, position and advice."""

    uitkomst = forms.ChoiceField(label="Besluit (uitkomst)")
    motivatie = forms.CharField(label="Motivering", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, stap, deelnemers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitkomst"].choices = [(u["code"], u["naam"]) for u in stap.uitkomsten]
        self.deelnemers = deelnemers
        for d in deelnemers:
            self.fields[f"aanwezig_{d.pk}"] = forms.BooleanField(label="Aanwezig", required=False, initial=d.aanwezig)
            self.fields[f"standpunt_{d.pk}"] = forms.ChoiceField(
                label=f"Standpunt van {d.naam}",
                choices=[("", "—"), *Deelnemer.Standpunt.choices],
                required=False,
                initial=d.standpunt,
            )
            if d.deskundige_id:
                self.fields[f"advies_{d.pk}"] = forms.CharField(
                    label=f"Schriftelijk advies van {d.naam}",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    max_length=8000,
                    required=False,
                    initial=d.advies,
                )

    def rijen(self):
        for d in self.deelnemers:
            yield (
                d,
                self[f"aanwezig_{d.pk}"],
                self[f"standpunt_{d.pk}"],
                (self[f"advies_{d.pk}"] if d.deskundige_id else None),
            )

    def standpunten(self) -> dict[int, dict]:
        return {
            d.pk: {
                "aanwezig": self.cleaned_data.get(f"aanwezig_{d.pk}", False),
                "standpunt": self.cleaned_data.get(f"standpunt_{d.pk}", ""),
                "advies": self.cleaned_data.get(f"advies_{d.pk}", d.advies),
            }
            for d in self.deelnemers
        }


# --- Routes (beheerder) ------------------------------------------------------------------------


class RouteNieuwForm(forms.Form):
    preset = forms.ChoiceField(label="Uitgangspunt")
    code = forms.SlugField(
        label="Eigen code",
        max_length=50,
        required=False,
        help_text="Alleen bij een kopie: bijvoorbeeld hga-regio-noord.",
    )
    naam = forms.CharField(label="Eigen naam", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(code, lees_route(tekst)["naam"]) for code, tekst in presets().items()]


class RouteBronForm(forms.Form):
    bron = forms.CharField(
        label="Routebestand (YAML)",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        max_length=200_000,
    )
    toelichting = forms.CharField(label="Wat is er veranderd", max_length=300)


class StapForm(forms.Form):
    naam = forms.CharField(label="Naam van de stap", max_length=500)
    rollen = forms.MultipleChoiceField(
        label="Wie mag deze stap zetten", choices=list(ROLLEN.items()), widget=forms.CheckboxSelectMultiple
    )
    termijn_dagen = forms.IntegerField(label="Termijn in dagen", min_value=1, max_value=365, required=False)
    herinneringen = forms.CharField(
        label="Herinneringen (dagen vóór de termijn)",
        required=False,
        help_text="Bijvoorbeeld: 7, 1",
        max_length=100,
    )
    beslisregel = forms.ChoiceField(label="Beslisregel", choices=list(BESLISREGELS.items()))
    quorum = forms.IntegerField(label="Quorum (bij meerderheid)", min_value=1, max_value=50, required=False)
    toelichting = forms.CharField(label="Wat is er veranderd", max_length=300)

    def clean_herinneringen(self):
        tekst = self.cleaned_data["herinneringen"].replace(";", ",")
        try:
            dagen = sorted({int(d) for d in tekst.split(",") if d.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError("Vul hele getallen in, gescheiden door komma's.") from None
        if any(d < 0 or d > 365 for d in dagen):
            raise forms.ValidationError("Kies dagen tussen 0 en 365.")
        return dagen

    def wijzigingen(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in ("naam", "rollen", "termijn_dagen", "herinneringen", "beslisregel", "quorum")
        }


class AanvraagForm(forms.Form):
    """What the school writes in an application; the kind is chosen once, when it is drawn up."""

    soort = forms.ChoiceField(label="Soort aanvraag")
    ondersteuningsvraag = forms.CharField(
        label="Ondersteuningsvraag",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="Wat heeft de leerling (of de school) nodig dat er nu niet is? Leeg: de vraag van het traject.",
    )
    gevraagd = forms.CharField(
        label="Wat vraagt de school",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="Welke ondersteuning, expertise of plaats; hoe vaak en hoe lang.",
    )
    onderbouwing = forms.CharField(
        label="Onderbouwing",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
        help_text="Wat is al gedaan, met welk resultaat, en waarom is dit nu nodig.",
    )
    expertisethema = forms.ModelChoiceField(
        label="Thema van de gevraagde expertise", queryset=None, required=False, empty_label="—"
    )
    tlv_categorie = forms.ChoiceField(
        label="Gevraagde bekostigingscategorie (alleen TLV SO)",
        choices=[("", "—"), *Aanvraag.TlvCategorie.choices],
        required=False,
    )
    ouders_gehoord_op = forms.DateField(
        label="Ouders geïnformeerd en gehoord op",
        required=False,
        widget=DATUM,
        help_text="Wanneer de school de ouders over deze aanvraag informeerde en hun mening hoorde.",
    )
    zienswijze_ouders = forms.CharField(
        label="Zienswijze van de ouders",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="Wat de ouders ervan vinden, zoals zij het zeiden. Ouders met een account schrijven dit zelf.",
    )

    def __init__(self, *args, soorten=None, aanvraag=None, **kwargs):
        from passend.organisaties.models import Expertisethema
        from passend.trajecten.routebestand import AANVRAAG_SOORTEN

        super().__init__(*args, **kwargs)
        self.fields["expertisethema"].queryset = Expertisethema.objects.order_by("naam")
        if aanvraag is None:
            # Drawn up with the question; what the kind asks for next shows on its page.
            self.fields["soort"].choices = [(s, AANVRAAG_SOORTEN[s]) for s in soorten or []]
            for veld in ("expertisethema", "tlv_categorie", "ouders_gehoord_op", "zienswijze_ouders"):
                del self.fields[veld]
        else:
            del self.fields["soort"]
            if aanvraag.soort != "tlv_so":
                del self.fields["tlv_categorie"]
            if aanvraag.soort != "specialistische_expertise":
                del self.fields["expertisethema"]
            if aanvraag.zienswijze_door_ouder:
                del self.fields["zienswijze_ouders"]
            if aanvraag.is_tlv:
                self.fields["ouders_gehoord_op"].help_text += (
                    " Een school mag een TLV aanvragen zonder toestemming van de ouders; zij worden wel"
                    " geïnformeerd en gehoord."
                )

    def gegevens(self) -> dict:
        return {veld: waarde for veld, waarde in self.cleaned_data.items() if veld != "soort"}


class ZienswijzeForm(forms.Form):
    tekst = forms.CharField(
        label="Uw zienswijze",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Wat vindt u van deze aanvraag? Het samenwerkingsverband leest dit bij de beoordeling.",
    )


class IntrekkenForm(forms.Form):
    reden = forms.CharField(
        label="Waarom wordt de aanvraag ingetrokken",
        max_length=300,
        help_text="Bijvoorbeeld: de route ging een andere kant op, of de vraag is veranderd.",
    )
