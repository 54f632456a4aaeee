from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from passend.accounts.models import Lidmaatschap
from passend.accounts.roles import Rol
from passend.core.forms_util import DATUM
from passend.core.validators import validate_geen_html
from passend.organisaties.models import Deelverband, School, Schoolbestuur


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters.",
        "inactive": "Dit account is niet actief. Neem contact op met de functioneel beheerder.",
    }


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label="Code uit uw authenticator-app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
        error_messages={
            "required": "Vul de code van zes cijfers in.",
            "min_length": "De code bestaat uit zes cijfers.",
            "max_length": "De code bestaat uit zes cijfers.",
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("De code bestaat uit zes cijfers.")
        return token


class WachtwoordVergetenForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mailadres", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NieuwWachtwoordForm(SetPasswordForm):
    pass


class GebruikerUitnodigenForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=200, validators=[validate_geen_html])
    email = forms.EmailField(label="E-mailadres", max_length=254)


class LidmaatschapForm(forms.ModelForm):
    class Meta:
        model = Lidmaatschap
        fields = ["rol", "school", "schoolbestuur", "deelverband", "geldig_van", "geldig_tot"]
        widgets = {
            "geldig_van": DATUM,
            "geldig_tot": DATUM,
        }
        help_texts = {
            "school": "Voor leerkracht, IB'er en directeur.",
            "schoolbestuur": "Voor de regievoerder zorgplicht.",
            "deelverband": "Voor de coördinator van een deelverband.",
        }

    def __init__(self, *args, samenwerkingsverband, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.samenwerkingsverband = samenwerkingsverband
        self.fields["rol"].choices = [("", "Kies een rol")] + [c for c in Rol.choices if c[0] != Rol.OUDER]
        self.fields["school"].queryset = School.objects.filter(samenwerkingsverband=samenwerkingsverband)
        self.fields["schoolbestuur"].queryset = Schoolbestuur.objects.filter(samenwerkingsverband=samenwerkingsverband)
        self.fields["deelverband"].queryset = Deelverband.objects.filter(samenwerkingsverband=samenwerkingsverband)

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
