from django import forms

from passend.core.validators import validate_geen_html
from passend.dossier.models import Document, Ondertekening, Sectie, Vertrouwelijkheid
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

    def __init__(self, *args, door_ouder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if door_ouder:
            for name in ("vertrouwelijkheid", "gedeeld_met_ouders", "delen_buiten_school"):
                del self.fields[name]


class NotitieForm(forms.Form):
    tekst = forms.CharField(label="Notitie", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    vertrouwelijkheid = forms.ChoiceField(
        label="Wie mag het zien", choices=Vertrouwelijkheid.choices, initial=Vertrouwelijkheid.SCHOOL
    )
    gedeeld_met_ouders = forms.BooleanField(label="Ook zichtbaar voor de ouders", required=False)

    def __init__(self, *args, door_ouder: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if door_ouder:
            del self.fields["vertrouwelijkheid"]
            del self.fields["gedeeld_met_ouders"]
