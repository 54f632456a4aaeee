"""The report filter: a school year or a period of one's own, the reference date for the figures
that are a state, and the part of the partnership (only what the actor may report on)."""

from __future__ import annotations

from datetime import date

from django import forms

from passend.rapportage.filters import Filter, schooljaar_periode, schooljaar_tekst, schooljaar_van
from passend.trajecten.models import Route

JAREN_TERUG = 5
DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    schooljaar = forms.TypedChoiceField(label="Schooljaar", coerce=int, required=False, empty_value=None)
    van = forms.DateField(label="Of een eigen periode: van", required=False, widget=DATUM)
    tot = forms.DateField(label="tot en met", required=False, widget=DATUM)
    peildatum = forms.DateField(
        label="Peildatum",
        required=False,
        widget=DATUM,
        help_text="Voor thuiszitters, wachtenden, evaluaties en grensverkeer. "
        "Leeg: het eind van de periode, of vandaag.",
    )
    deelverband = forms.TypedChoiceField(label="Deelverband", coerce=int, required=False, empty_value=None)
    schoolbestuur = forms.TypedChoiceField(label="Schoolbestuur", coerce=int, required=False, empty_value=None)
    school = forms.TypedChoiceField(label="School", coerce=int, required=False, empty_value=None)
    route = forms.ChoiceField(label="Route", required=False)

    def __init__(self, data, *, reikwijdte, vandaag: date):
        super().__init__(data)
        self.reikwijdte, self.vandaag = reikwijdte, vandaag
        huidig = schooljaar_van(vandaag)
        self.fields["schooljaar"].choices = [
            (j, schooljaar_tekst(j)) for j in range(huidig, huidig - JAREN_TERUG - 1, -1)
        ]
        self.fields["schooljaar"].initial = huidig
        alles = [("", "Alle")]
        self.fields["deelverband"].choices = alles + [(d.pk, d.naam) for d in reikwijdte.deelverbanden]
        self.fields["schoolbestuur"].choices = alles + [(b.pk, b.naam) for b in reikwijdte.besturen]
        self.fields["school"].choices = alles + [(s.pk, s.naam) for s in reikwijdte.scholen]
        routes = Route.objects.filter(samenwerkingsverband=reikwijdte.swv).order_by("naam")
        self.fields["route"].choices = alles + [(r.code, r.naam) for r in routes]
        for naam in ("deelverband", "schoolbestuur", "school"):
            if len(self.fields[naam].choices) <= 2 and naam != "school":
                self.fields[naam].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if bool(van) != bool(tot):
            self.add_error("tot" if van else "van", "Vul voor een eigen periode zowel ‘van’ als ‘tot en met’ in.")
        elif van and tot and tot < van:
            self.add_error("tot", "Het eind van de periode ligt vóór het begin.")
        elif van and tot and (tot - van).days > 5 * 366:
            self.add_error("tot", "Kies een periode van hooguit vijf jaar.")
        peildatum = data.get("peildatum")
        if peildatum and peildatum > self.vandaag:
            self.add_error("peildatum", "De peildatum ligt in de toekomst; kies vandaag of eerder.")
        return data

    def filter(self) -> Filter:
        data = self.cleaned_data
        if data.get("van") and data.get("tot"):
            van, tot = data["van"], data["tot"]
        else:
            van, tot = schooljaar_periode(data.get("schooljaar") or schooljaar_van(self.vandaag))
        return Filter(
            self.reikwijdte.swv.pk,
            van,
            tot,
            data.get("peildatum") or min(tot, self.vandaag),
            deelverband_id=data.get("deelverband"),
            schoolbestuur_id=data.get("schoolbestuur"),
            school_id=data.get("school"),
            route_code=data.get("route") or "",
        )


def filter_query(f: Filter) -> dict:
    """The filter as query parameters, for links to lists and exports that must show the same."""
    query = {"samenwerkingsverband": f.samenwerkingsverband_id, "schooljaar": f.jaar}
    query |= {"van": f.van.isoformat(), "tot": f.tot.isoformat(), "peildatum": f.peildatum.isoformat()}
    for veld, waarde in (
        ("deelverband", f.deelverband_id),
        ("schoolbestuur", f.schoolbestuur_id),
        ("school", f.school_id),
        ("route", f.route_code),
    ):
        if waarde:
            query[veld] = waarde
    return query
