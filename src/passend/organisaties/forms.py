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
    class Meta:
        model = Samenwerkingsverband
        fields = ["naam", "basisondersteuning", "thuisnabij_km"]
        widgets = {"basisondersteuning": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thuisnabij_km"].required = False

    def clean_thuisnabij_km(self):
        # Left empty: the distance stays what it was.
        return self.cleaned_data["thuisnabij_km"] or self.instance.thuisnabij_km
