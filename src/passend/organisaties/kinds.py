"""The kinds of organisation a beheerder manages, with their URL segment and list columns."""

from dataclasses import dataclass

from passend.organisaties import forms
from passend.organisaties.models import Deelverband, Deskundige, School, Schoolbestuur, Voorziening


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    columns: tuple[tuple[str, str], ...]  # (heading, attribute or get_*_display)

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "scholen",
            School,
            forms.SchoolForm,
            (
                ("Soort", "get_soort_display"),
                ("Instellingscode", "instellingscode"),
                ("Bestuur", "schoolbestuur"),
                ("Plaats", "plaats"),
            ),
        ),
        Kind(
            "schoolbesturen",
            Schoolbestuur,
            forms.SchoolbestuurForm,
            (("Bestuursnummer", "bestuursnummer"), ("Scholen", "aantal_scholen")),
        ),
        Kind("deelverbanden", Deelverband, forms.DeelverbandForm, ()),
        Kind(
            "voorzieningen",
            Voorziening,
            forms.VoorzieningForm,
            (("Soort", "get_soort_display"), ("Capaciteit", "capaciteit"), ("Plaats", "plaats")),
        ),
        Kind(
            "deskundigen",
            Deskundige,
            forms.DeskundigeForm,
            (
                ("Discipline", "get_discipline_display"),
                ("Organisatie", "organisatie"),
                ("Uren per jaar", "uren_beschikbaar"),
            ),
        ),
    )
}
