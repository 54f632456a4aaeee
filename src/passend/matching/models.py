"""Needs and offers on IVO's five fields, and the commission's choice (seed 003, IVO).

- `Behoefteprofiel`: a pupil's needs, summarised from all sources (a field may be unclear).
- `Ondersteuningsprofiel`: what a school or provision offers (its SOP), written by the school's
  director and checked by the partnership (`Profielcontrole`); matching uses the newest approved one.
- `Basisondersteuning`: the level every school in the partnership offers.
- `AanvullendArrangement`: what an additional arrangement adds per field, and where it is given.
- `Matchkeuze`: what the commission chose on a traject, with its reason and the advice it had.
Profiles, checks and choices are never changed: a new version or choice is a new row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from passend.core.models import AppendOnlyQuerySet
from passend.core.validators import validate_geen_html
from passend.matching.velden import MAX_NIVEAUS, VELD_NAMEN, VELDEN

TOELICHTING_MAX = 2000


def _niveau(veld: str, *, leeg: bool):
    return models.PositiveSmallIntegerField(
        VELD_NAMEN[veld].lower(),
        null=leeg,
        blank=leeg,
        validators=[MaxValueValidator(MAX_NIVEAUS - 1, "Dit niveau bestaat niet op de schaal.")],
    )


def _toelichting(veld: str):
    return models.TextField(f"toelichting {VELD_NAMEN[veld].lower()}", max_length=TOELICHTING_MAX, blank=True)


class VijfVelden(models.Model):
    """Five levels and their explanations; `niveaus()` gives them in the order of VELDEN."""

    aandacht_tijd = _niveau("aandacht_tijd", leeg=False)
    materiaal = _niveau("materiaal", leeg=False)
    ruimte = _niveau("ruimte", leeg=False)
    expertise = _niveau("expertise", leeg=False)
    samenwerking = _niveau("samenwerking", leeg=False)
    toelichting_aandacht_tijd = _toelichting("aandacht_tijd")
    toelichting_materiaal = _toelichting("materiaal")
    toelichting_ruimte = _toelichting("ruimte")
    toelichting_expertise = _toelichting("expertise")
    toelichting_samenwerking = _toelichting("samenwerking")

    class Meta:
        abstract = True

    def niveaus(self) -> tuple:
        return tuple(getattr(self, veld) for veld in VELDEN)

    def velden(self) -> list[tuple[str, str, int | None, str]]:
        """[(veld, naam, niveau, toelichting)] in the order of VELDEN."""
        return [(v, VELD_NAMEN[v], getattr(self, v), getattr(self, f"toelichting_{v}")) for v in VELDEN]


class Onveranderlijk(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError(f"Een {self._meta.verbose_name} verandert niet; leg een nieuwe vast.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"Een {self._meta.verbose_name} wordt niet verwijderd.")


class Intensiteitsniveau(models.Model):
    """One level of a field's intensity scale, as the partnership describes it (else velden.STANDAARD_SCHAAL)."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    veld = models.CharField(max_length=20, choices=list(VELD_NAMEN.items()))
    niveau = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_NIVEAUS - 1)])
    omschrijving = models.CharField("omschrijving", max_length=300, validators=[validate_geen_html])

    class Meta:
        verbose_name = "intensiteitsniveau"
        verbose_name_plural = "intensiteitsschaal"
        ordering = ["veld", "niveau"]
        constraints = [
            models.UniqueConstraint(fields=["samenwerkingsverband", "veld", "niveau"], name="intensiteitsniveau_uniek")
        ]

    def __str__(self):
        return f"{VELD_NAMEN[self.veld]} {self.niveau}: {self.omschrijving}"


class Behoefteprofiel(Onveranderlijk, VijfVelden):
    """A pupil's needs on the five fields; an empty level means the need is still unclear."""

    aandacht_tijd = _niveau("aandacht_tijd", leeg=True)
    materiaal = _niveau("materiaal", leeg=True)
    ruimte = _niveau("ruimte", leeg=True)
    expertise = _niveau("expertise", leeg=True)
    samenwerking = _niveau("samenwerking", leeg=True)

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.PROTECT, related_name="behoefteprofielen")
    traject = models.ForeignKey(
        "trajecten.Traject", on_delete=models.PROTECT, null=True, blank=True, related_name="behoefteprofielen"
    )
    samenvatting = models.TextField("samenvatting", max_length=4000, blank=True)
    bronnen = models.ManyToManyField("instrumenten.Afname", blank=True, related_name="+", verbose_name="bronnen")
    opgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opgesteld_door_naam = models.CharField(max_length=200)
    opgesteld_als = models.CharField(max_length=40)
    opgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "behoefteprofiel"
        verbose_name_plural = "behoefteprofielen"
        ordering = ["-opgesteld_op", "-id"]
        get_latest_by = ["opgesteld_op", "id"]

    def __str__(self):
        return f"Onderwijsbehoeften van {self.leerling}, {self.opgesteld_op:%d-%m-%Y}"

    @property
    def is_onduidelijk(self) -> bool:
        return any(niveau is None for niveau in self.niveaus())


class Ondersteuningsprofiel(Onveranderlijk, VijfVelden):
    """One version of what a school or provision offers (the schoolondersteuningsprofiel)."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    school = models.ForeignKey(
        "organisaties.School", on_delete=models.PROTECT, null=True, blank=True, related_name="ondersteuningsprofielen"
    )
    voorziening = models.ForeignKey(
        "organisaties.Voorziening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ondersteuningsprofielen",
    )
    samenvatting = models.TextField("in het kort", max_length=4000, blank=True)
    opgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opgesteld_door_naam = models.CharField(max_length=200)
    opgesteld_als = models.CharField(max_length=40)
    opgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ondersteuningsprofiel"
        verbose_name_plural = "ondersteuningsprofielen"
        ordering = ["-opgesteld_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=False, voorziening__isnull=True)
                | Q(school__isnull=True, voorziening__isnull=False),
                name="ondersteuningsprofiel_school_of_voorziening",
            )
        ]

    def __str__(self):
        return f"Ondersteuningsprofiel van {self.school or self.voorziening}, {self.opgesteld_op:%d-%m-%Y}"

    @property
    def setting(self):
        return self.school or self.voorziening


class Profielcontrole(Onveranderlijk):
    """The partnership's check of one profile version: approved (matching uses it) or sent back."""

    class Uitkomst(models.TextChoices):
        GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
        TERUGGESTUURD = "teruggestuurd", "Teruggestuurd"

    profiel = models.OneToOneField(Ondersteuningsprofiel, on_delete=models.PROTECT, related_name="controle")
    uitkomst = models.CharField(max_length=15, choices=Uitkomst.choices)
    opmerking = models.TextField("opmerking", max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    door_naam = models.CharField(max_length=200)
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "profielcontrole"
        verbose_name_plural = "profielcontroles"

    def __str__(self):
        return f"{self.get_uitkomst_display()}: {self.profiel}"


class Basisondersteuning(Onveranderlijk, VijfVelden):
    """The level of support every school in the partnership offers, on the five fields."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    vastgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgesteld_door_naam = models.CharField(max_length=200)
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "basisondersteuning"
        verbose_name_plural = "basisondersteuning"
        ordering = ["-vastgesteld_op", "-id"]

    def __str__(self):
        return f"Basisondersteuning {self.vastgesteld_op:%d-%m-%Y}"


def _plus(veld: str):
    return models.PositiveSmallIntegerField(
        f"extra {VELD_NAMEN[veld].lower()}",
        default=0,
        validators=[MaxValueValidator(MAX_NIVEAUS - 1, "Meer kan een arrangement niet toevoegen.")],
    )


class AanvullendArrangement(models.Model):
    """What an additional arrangement adds to a school's offer on each field, and where it is given."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    naam = models.CharField("naam", max_length=200, validators=[validate_geen_html])
    omschrijving = models.TextField("omschrijving", max_length=2000, blank=True)
    aandacht_tijd = _plus("aandacht_tijd")
    materiaal = _plus("materiaal")
    ruimte = _plus("ruimte")
    expertise = _plus("expertise")
    samenwerking = _plus("samenwerking")
    school = models.ForeignKey(
        "organisaties.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gegeven op school",
        help_text="Leeg als het op de eigen school van de leerling wordt gegeven.",
    )
    voorziening = models.ForeignKey(
        "organisaties.Voorziening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gegeven in voorziening",
    )
    actief = models.BooleanField("in gebruik", default=True)

    class Meta:
        verbose_name = "aanvullend arrangement"
        verbose_name_plural = "aanvullende arrangementen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["samenwerkingsverband", "naam"], name="aanvullend_arrangement_naam_uniek"),
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(voorziening__isnull=True),
                name="aanvullend_arrangement_een_plek",
            ),
        ]

    def __str__(self):
        return self.naam

    def toevoegingen(self) -> tuple:
        return tuple(getattr(self, veld) for veld in VELDEN)

    @property
    def plek(self):
        return self.school or self.voorziening


class Matchkeuze(Onveranderlijk):
    """What the commission chose on a traject after the matching advice, and why."""

    class Uitkomst(models.TextChoices):
        MATCH = "match", "Match: een reguliere school volstaat"
        AANVULLEND = "aanvullend", "Match na een aanvullend arrangement"
        ONDUIDELIJK = "onduidelijk", "Onderwijsbehoefte onduidelijk: diagnostisch arrangement"
        SPECIAAL = "speciaal", "Een plek in een voorziening, sbo of so"
        GEEN = "geen", "Geen passende plek in het netwerk"

    traject = models.ForeignKey("trajecten.Traject", on_delete=models.PROTECT, related_name="matchkeuzes")
    behoefteprofiel = models.ForeignKey(Behoefteprofiel, on_delete=models.PROTECT, related_name="+")
    uitkomst = models.CharField(max_length=12, choices=Uitkomst.choices)
    school = models.ForeignKey("organisaties.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    voorziening = models.ForeignKey(
        "organisaties.Voorziening", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aanvullend_arrangement = models.ForeignKey(
        AanvullendArrangement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reden = models.TextField("reden", max_length=4000)
    advies = models.JSONField("het advies van de matching", default=dict)
    gekozen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gekozen_door_naam = models.CharField(max_length=200)
    gekozen_als = models.CharField(max_length=40)
    gekozen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "matchkeuze"
        verbose_name_plural = "matchkeuzes"
        ordering = ["-gekozen_op", "-id"]

    def __str__(self):
        return f"{self.get_uitkomst_display()} ({self.gekozen_op:%d-%m-%Y})"

    @property
    def leerling_id(self):
        return self.traject.leerling_id

    @property
    def samenwerkingsverband_id(self):
        return self.traject.samenwerkingsverband_id

    @property
    def setting(self):
        return self.school or self.voorziening
