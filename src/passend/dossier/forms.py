from django import forms

from passend.dossier.models import Ondertekening, Sectie
from passend.dossier.services import MAX_TEKST


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
