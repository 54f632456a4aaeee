from django import forms

from passend.core.forms_util import DATUM
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Expertisethema,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)
from passend.organisaties.services import NORMEN

ADRES_VELDEN = ["straat", "postcode", "plaats", "latitude", "longitude"]
BEZETTING = ["bezette_plaatsen", "bezetting_peildatum"]


class OrganisatieForm(forms.ModelForm):
    """Presentation and first validation; the service validates again and saves."""

    def __init__(self, *args, samenwerkingsverband: Samenwerkingsverband, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.samenwerkingsverband = samenwerkingsverband
        for name, queryset in {
            "schoolbestuur": Schoolbestuur.objects,
            "deelverband": Deelverband.objects,
            "school": School.objects,
        }.items():
            if name in self.fields:
                self.fields[name].queryset = queryset.filter(samenwerkingsverband=samenwerkingsverband)
        for field in self.fields.values():
            if field.required:
                field.widget.attrs["aria-required"] = "true"


class DeelverbandForm(OrganisatieForm):
    class Meta:
        model = Deelverband
        fields = ["naam"]


class SchoolbestuurForm(OrganisatieForm):
    class Meta:
        model = Schoolbestuur
        fields = ["naam", "bestuursnummer"]


class SchoolForm(OrganisatieForm):
    class Meta:
        model = School
        fields = ["naam", "soort", "instellingscode", "schoolbestuur", "deelverband", "capaciteit", *BEZETTING]
        fields += ["profiel", *ADRES_VELDEN]
        widgets = {"profiel": forms.Textarea(attrs={"rows": 3}), "bezetting_peildatum": DATUM}


class VoorzieningForm(OrganisatieForm):
    class Meta:
        model = Voorziening
        fields = ["naam", "soort", "capaciteit", *BEZETTING, "school", "omschrijving", *ADRES_VELDEN]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3}), "bezetting_peildatum": DATUM}


class DeskundigeForm(OrganisatieForm):
    expertises = forms.ModelMultipleChoiceField(
        label="Expertisethema's",
        queryset=Expertisethema.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Deskundige
        fields = ["naam", "organisatie", "discipline", "expertises", "uren_beschikbaar", "email"]


class SamenwerkingsverbandForm(forms.ModelForm):
    # Left empty, these keep what is stored.
    BLIJFT_ALS_LEEG = ("thuisnabij_km", *NORMEN)

    class Meta:
        model = Samenwerkingsverband
        fields = ["naam", "basisondersteuning", "thuisnabij_km", *NORMEN]
        widgets = {"basisondersteuning": forms.Textarea(attrs={"rows": 8})}
        help_texts = NORMEN

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.BLIJFT_ALS_LEEG:
            self.fields[name].required = False

    def clean(self):
        cleaned_data = super().clean()
        for name in self.BLIJFT_ALS_LEEG:
            if name in cleaned_data and cleaned_data[name] is None:
                cleaned_data[name] = getattr(self.instance, name)
        return cleaned_data
