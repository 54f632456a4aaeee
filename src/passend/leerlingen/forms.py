from django import forms

from passend.core.forms_util import DATUM
from passend.core.validators import validate_geen_html
from passend.leerlingen.models import (
    ExterneToegang,
    Leerling,
    Ondersteuningsniveau,
    Ouder,
    Ouderschap,
    Thuiszitperiode,
    Toestemming,
)
from passend.leerlingen.services import THUISZIT_INVOER, leerkrachten_van_school, open_thuiszitperiode

# Shown together in one group on the pupil form.
THUISZIT_VELDEN = ("thuiszitter_sinds", "thuiszit_reden", "thuiszit_aanbod_op")


class LeerlingForm(forms.ModelForm):
    # Stored on the pupil's open thuiszitperiode (by the service), not on the pupil.
    thuiszit_reden = forms.ChoiceField(
        label="Reden thuiszitten",
        choices=Thuiszitperiode.Reden.choices,
        required=False,
        initial=Thuiszitperiode.Reden.ONBEKEND,
        help_text="Waarom de leerling niet naar school gaat. Alleen bij een leerling die thuiszit.",
    )
    thuiszit_aanbod_op = forms.DateField(
        label="Onderwijsaanbod gedaan op",
        required=False,
        widget=DATUM,
        help_text=Thuiszitperiode._meta.get_field("aanbod_op").help_text + " Leeg als er nog geen aanbod is.",
    )

    class Meta:
        model = Leerling
        fields = [
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "groep",
            "leerkrachten",
            "postcode",
            "datum_inschrijving",
            "datum_uitschrijving",
            "thuiszitter_sinds",
        ]
        widgets = {
            "geboortedatum": DATUM,
            "datum_inschrijving": DATUM,
            "datum_uitschrijving": DATUM,
            "thuiszitter_sinds": DATUM,
            "leerkrachten": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.instance.samenwerkingsverband_id = school.samenwerkingsverband_id
        self.fields["leerkrachten"].queryset = leerkrachten_van_school(school)
        self.fields[
            "leerkrachten"
        ].help_text = "Wie de leerling in de groep heeft; zij krijgen toegang tot het dossier."
        periode = open_thuiszitperiode(self.instance)
        if periode is not None:
            self.initial.setdefault("thuiszit_reden", periode.reden)
            self.initial.setdefault("thuiszit_aanbod_op", periode.aanbod_op)

    def gegevens_velden(self):
        return [field for field in self.visible_fields() if field.name not in THUISZIT_VELDEN]

    def thuiszit_velden(self):
        return [self[name] for name in THUISZIT_VELDEN]

    def service_data(self) -> tuple[dict, list]:
        # A period input that was not posted is left out, so the service keeps what is stored.
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k != "leerkrachten" and (k not in THUISZIT_INVOER or k in self.data)
        }
        return data, list(self.cleaned_data.get("leerkrachten") or [])


class NiveauForm(forms.ModelForm):
    class Meta:
        model = Ondersteuningsniveau
        fields = ["niveau", "sinds", "reden"]
        widgets = {"sinds": DATUM, "reden": forms.Textarea(attrs={"rows": 3})}
        labels = {"reden": "Waarom dit niveau?"}

    def __init__(self, *args, hoogste: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        if hoogste < 5:
            self.fields["niveau"].help_text = (
                f"U stelt niveau 1 tot en met {hoogste} vast; een hoger niveau stelt de intern begeleider "
                "of de directeur vast."
            )


class OuderForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=200, validators=Ouder._meta.get_field("naam").validators)
    relatie = forms.ChoiceField(label="Relatie tot de leerling", choices=Ouderschap.Relatie.choices)
    gezag = forms.BooleanField(label="Heeft ouderlijk gezag", required=False, initial=True)
    email = forms.EmailField(label="E-mailadres", required=False)
    telefoon = forms.CharField(
        label="Telefoon", max_length=20, required=False, validators=Ouder._meta.get_field("telefoon").validators
    )


class ToestemmingForm(forms.ModelForm):
    class Meta:
        model = Toestemming
        fields = ["onderwerp", "besluit", "reikwijdte", "ouder", "datum"]
        widgets = {"datum": DATUM}
        labels = {"ouder": "Besluit van"}

    def __init__(self, *args, leerling, namens_ouder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Consent to the OPP's handelingsdeel is given on the OPP page, for the text shown there.
        self.fields["onderwerp"].choices = [
            (value, label)
            for value, label in self.fields["onderwerp"].choices
            if value != Toestemming.Onderwerp.OPP_HANDELINGSDEEL
        ]
        if namens_ouder:
            # A parent records their own decision.
            del self.fields["ouder"]
        else:
            self.fields["ouder"].queryset = Ouder.objects.filter(
                ouderschappen__leerling=leerling, ouderschappen__gezag=True
            )
            self.fields["ouder"].help_text = "De ouder of voogd met gezag die het besluit nam."

    def _post_clean(self):
        # The service validates the full decision (who, what, when) in one place.
        pass


class ExterneUitnodigingForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=200, validators=[validate_geen_html])
    email = forms.EmailField(
        label="E-mailadres",
        help_text="Het e-mailadres waarmee deze persoon als externe werkt. De e-mail noemt de leerling niet.",
    )
    doel = forms.CharField(
        label="Waarvoor",
        max_length=300,
        validators=[validate_geen_html],
        help_text=ExterneToegang._meta.get_field("doel").help_text,
    )
    geldig_tot = forms.DateField(label="Toegang tot en met", widget=DATUM, help_text="Hoogstens een jaar na vandaag.")


class ToegangBeeindigenForm(forms.Form):
    reden = forms.CharField(
        label="Waarom eindigt de toegang?",
        max_length=200,
        validators=[validate_geen_html],
        help_text="Bijvoorbeeld: het onderzoek is afgerond. De reden wordt bij de toegang vastgelegd.",
    )
