"""The partnership's money: a budget per financial (calendar) year, its distribution model, tariffs
per year, and a ledger that never overspends.

A `Post` is a budget line with a balance: a central purpose (expert pool, arrangements, places,
investments, organisation), the buffer (post onvoorzien), or one school's support budget. What a
post has is never an editable number: every change is a `Boeking` (ledger entry), and the post's
`beschikbaar` is the running sum of its entries, kept under a row lock by the ledger
(boekhouding.py) and never below zero (a database constraint backs the code up).

    beschikbaar = Σ budget − Σ verplichting − Σ realisatie

Entries are never changed or deleted: a correction is a new entry.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from passend.core.models import AppendOnlyQuerySet

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Doel(models.TextChoices):
    SCHOOLBUDGET = "schoolbudget", "Ondersteuningsbudget van een school"
    EXPERTPOOL = "expertpool", "Expertpool (uren in natura)"
    ARRANGEMENTEN = "arrangementen", "Arrangementen per leerling"
    PLAATSINGEN = "plaatsingen", "Plaatsen in sbo, so en voorzieningen"
    INVESTERINGEN = "investeringen", "Investeringen in schoolprofielen"
    ORGANISATIE = "organisatie", "Organisatie van het samenwerkingsverband"
    BUFFER = "buffer", "Post onvoorzien (buffer)"


CENTRALE_DOELEN = tuple(d for d in Doel.values if d != Doel.SCHOOLBUDGET)


class Verdeelmodel(models.Model):
    """How a partnership distributes its support money (seed 003, part 3), combinable:

    - schoolmodel: an amount per pupil of each school on the reference date, optionally weighted
      by kind of school, minus a skim (afroming) the partnership keeps;
    - expertisemodel: the partnership funds its pool; experts' hours are given in kind and booked
      on the expert pool at the hourly rate;
    - leerlingenmodel: arrangements funded per pupil from the central budget (planned hours × the
      rate of the discipline, plus materials), with a cap per arrangement per year.
    TOP charges a temporary placement to the sending school's budget ("waterbed").
    """

    class Preset(models.TextChoices):
        EIGEN = "", "Eigen model"
        TOP = "top", "TOP: budget naar de scholen, plaatsing betaald door de school"
        HGA = "hga", "HGA: uren in natura en materialen centraal, basisbudget per school"
        IVO = "ivo", "IVO: investeringen in schoolprofielen en arrangementen per leerling"

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    naam = models.CharField("naam", max_length=200)
    preset = models.CharField("uitgangspunt", max_length=10, choices=Preset.choices, blank=True)
    bedrag_per_leerling = models.DecimalField(
        "schoolbudget per leerling (€)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Leeg: geen schoolmodel.",
        **BEDRAG,
    )
    gewichten = models.JSONField(
        "gewicht per soort school", default=dict, blank=True, help_text='Bijvoorbeeld {"bo": "1.0", "sbo": "0.5"}.'
    )
    afroming_pct = models.DecimalField(
        "afroming (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Het deel van het schoolbudget dat het samenwerkingsverband inhoudt voor zijn expertise.",
    )
    uren_in_natura = models.BooleanField(
        "uren van de expertpool in natura",
        default=False,
        help_text="Uren van deskundigen uit de pool komen ten laste van de post expertpool.",
    )
    plaatsing_door_school = models.BooleanField(
        "plaatsing betaald door de school",
        default=False,
        help_text="Een tijdelijke plaatsing in het S(B)O komt ten laste van het budget van de school die plaatst.",
    )
    plafond_regulier = models.DecimalField(
        "plafond per arrangement per jaar, regulier (€)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **BEDRAG,
    )
    plafond_sbo = models.DecimalField(
        "plafond per arrangement per jaar, sbo (€)",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **BEDRAG,
    )

    class Meta:
        verbose_name = "verdeelmodel"
        verbose_name_plural = "verdeelmodellen"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["samenwerkingsverband", "naam"], name="verdeelmodel_naam_uniek")]

    def __str__(self):
        return self.naam


class Begroting(models.Model):
    """The partnership's budget for one financial (calendar) year."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    jaar = models.PositiveSmallIntegerField("jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    verdeelmodel = models.ForeignKey(Verdeelmodel, on_delete=models.PROTECT, related_name="begrotingen")
    peildatum = models.DateField(
        "peildatum leerlingtelling", help_text="De leerlingen op deze datum bepalen de schoolbudgetten (1 oktober)."
    )
    toelichting = models.TextField("toelichting", max_length=4000, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "begroting"
        verbose_name_plural = "begrotingen"
        ordering = ["-jaar"]
        constraints = [models.UniqueConstraint(fields=["samenwerkingsverband", "jaar"], name="begroting_per_jaar")]

    def __str__(self):
        return f"Begroting {self.jaar}"


class Inkomstenregel(models.Model):
    class Soort(models.TextChoices):
        ZWARE_ONDERSTEUNING = "zware_ondersteuning", "Zware ondersteuning (normatief)"
        LICHTE_ONDERSTEUNING = "lichte_ondersteuning", "Lichte ondersteuning"
        OVERIG = "overig", "Overige inkomsten"

    begroting = models.ForeignKey(Begroting, on_delete=models.CASCADE, related_name="inkomsten")
    soort = models.CharField("soort", max_length=24, choices=Soort.choices)
    omschrijving = models.CharField("omschrijving", max_length=200, blank=True)
    bedrag = models.DecimalField("bedrag (€)", validators=[MinValueValidator(Decimal("0"))], **BEDRAG)

    class Meta:
        verbose_name = "inkomstenregel"
        verbose_name_plural = "inkomsten"
        ordering = ["soort", "id"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.bedrag}"


class Post(models.Model):
    """A budget line with its balance; the balance changes only through the ledger."""

    begroting = models.ForeignKey(Begroting, on_delete=models.PROTECT, related_name="posten")
    doel = models.CharField("doel", max_length=16, choices=Doel.choices)
    school = models.ForeignKey(
        "organisaties.School", on_delete=models.PROTECT, null=True, blank=True, related_name="budgetposten"
    )
    beschikbaar = models.DecimalField("beschikbaar (€)", default=Decimal("0"), editable=False, **BEDRAG)

    class Meta:
        verbose_name = "begrotingspost"
        verbose_name_plural = "begrotingsposten"
        ordering = ["begroting", "doel", "school__naam"]
        constraints = [
            # The ledger never takes a post below zero; the database refuses it too.
            models.CheckConstraint(condition=Q(beschikbaar__gte=0), name="post_nooit_onder_nul"),
            models.CheckConstraint(
                condition=Q(doel="schoolbudget", school__isnull=False)
                | (~Q(doel="schoolbudget") & Q(school__isnull=True)),
                name="post_school_bij_schoolbudget",
            ),
            models.UniqueConstraint(
                fields=["begroting", "doel"], condition=Q(school__isnull=True), name="post_centraal_uniek"
            ),
            models.UniqueConstraint(
                fields=["begroting", "school"], condition=Q(school__isnull=False), name="post_school_uniek"
            ),
        ]

    def __str__(self):
        if self.school_id:
            return f"Schoolbudget {self.school} {self.begroting.jaar}"
        return f"{self.get_doel_display()} {self.begroting.jaar}"

    @property
    def samenwerkingsverband_id(self):
        return self.begroting.samenwerkingsverband_id


class Boeking(models.Model):
    """One ledger entry on one post. `bedrag` is signed: a budget is given (+) or taken back (−), a
    commitment made (+) or released (−), an actual spent (+) or corrected (−)."""

    class Soort(models.TextChoices):
        BUDGET = "budget", "Budget"
        VERPLICHTING = "verplichting", "Verplichting"
        REALISATIE = "realisatie", "Realisatie"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="boekingen")
    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    jaar = models.PositiveSmallIntegerField(editable=False)
    soort = models.CharField(max_length=12, choices=Soort.choices)
    bedrag = models.DecimalField("bedrag (€)", **BEDRAG)
    datum = models.DateField("datum")
    omschrijving = models.CharField("omschrijving", max_length=300)
    reden = models.TextField("reden", max_length=2000, blank=True)
    arrangement = models.ForeignKey(
        "arrangementen.Arrangement", on_delete=models.PROTECT, null=True, blank=True, related_name="boekingen"
    )
    aanbieder = models.ForeignKey(
        "arrangementen.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="boekingen"
    )
    inzet = models.ForeignKey(
        "arrangementen.Inzet", on_delete=models.PROTECT, null=True, blank=True, related_name="boekingen"
    )
    tegenboeking = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="hoort bij"
    )
    geboekt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    geboekt_door_naam = models.CharField(max_length=200, blank=True)
    geboekt_als = models.CharField(max_length=40, blank=True)
    geboekt_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "boeking"
        verbose_name_plural = "boekingen"
        ordering = ["-geboekt_op", "-id"]
        indexes = [
            models.Index(fields=["post", "soort"]),
            models.Index(fields=["samenwerkingsverband", "jaar"]),
            models.Index(fields=["arrangement", "soort"]),
        ]
        constraints = [models.CheckConstraint(condition=~Q(bedrag=0), name="boeking_niet_nul")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.bedrag} op {self.post_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een boeking verandert niet; boek een correctie.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Een boeking wordt niet verwijderd; boek een correctie.")


class Tarief(models.Model):
    """A rate for one year: per hour of a discipline, or per place per year in sbo, so (by funding
    category) or a provision. The next year's rates are indexed from these (`index_pct` shows by how much)."""

    class Soort(models.TextChoices):
        UUR = "uur", "Per uur"
        PLAATS = "plaats", "Per plaats per jaar"

    class Plaatssoort(models.TextChoices):
        SBO = "sbo", "Sbo"
        SO_LAAG = "so_laag", "So, categorie 1 (laag)"
        SO_MIDDEN = "so_midden", "So, categorie 2 (midden)"
        SO_HOOG = "so_hoog", "So, categorie 3 (hoog)"
        OBSERVATIEPLEK = "observatieplek", "Observatieplek"
        TUSSENVOORZIENING = "tussenvoorziening", "Tussenvoorziening"
        ONDERWIJSZORGARRANGEMENT = "onderwijszorgarrangement", "Onderwijs-zorgarrangement"

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    jaar = models.PositiveSmallIntegerField("jaar")
    soort = models.CharField("soort", max_length=8, choices=Soort.choices)
    sleutel = models.CharField(
        "discipline of plaats",
        max_length=30,
        help_text="Een discipline (of 'standaard') per uur, een soort plaats per jaar.",
    )
    bedrag = models.DecimalField("bedrag (€)", validators=[MinValueValidator(Decimal("0"))], **BEDRAG)
    index_pct = models.DecimalField(
        "index ten opzichte van vorig jaar (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["jaar", "soort", "sleutel"]
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "jaar", "soort", "sleutel"], name="tarief_per_jaar_uniek"
            )
        ]

    def __str__(self):
        return f"{self.jaar} {self.soort} {self.sleutel}: {self.bedrag}"


class Leerlingtelling(models.Model):
    """How many pupils a school had on a reference date (the 1 October count), for the school model."""

    school = models.ForeignKey("organisaties.School", on_delete=models.PROTECT, related_name="leerlingtellingen")
    peildatum = models.DateField("peildatum")
    aantal = models.PositiveIntegerField("aantal leerlingen", validators=[MaxValueValidator(5000)])

    class Meta:
        verbose_name = "leerlingtelling"
        verbose_name_plural = "leerlingtellingen"
        ordering = ["-peildatum"]
        constraints = [models.UniqueConstraint(fields=["school", "peildatum"], name="leerlingtelling_uniek")]

    def __str__(self):
        return f"{self.school}: {self.aantal} op {self.peildatum:%d-%m-%Y}"
