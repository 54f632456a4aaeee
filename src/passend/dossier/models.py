"""The groeidocument of HGA (seed 003): overzicht, inzicht, uitzicht — versioned and signed.

A pupil has one groeidocument with numbered versions. Everyone involved writes their own,
attributed contribution per section. When parents and school have signed a version it is
frozen, and the next version starts as a copy of it.
"""

import uuid

from django.db import models

from passend.core.models import AppendOnlyQuerySet
from passend.core.validators import validate_geen_html


class Sectie(models.TextChoices):
    AANLEIDING = "aanleiding", "Aanleiding"
    GAAT_GOED = "gaat_goed", "Wat gaat goed"
    MOEILIJK = "moeilijk", "Wat is moeilijk"
    VERKLARINGEN = "verklaringen", "Verklaringen"
    DOELEN = "doelen", "Doelen"
    GEPROBEERD = "geprobeerd", "Al geprobeerde oplossingen"
    VERWACHTINGEN = "verwachtingen", "Verwachtingen"
    ONDERWIJSBEHOEFTEN = "onderwijsbehoeften", "Onderwijs- en opvoedbehoeften van de leerling"
    BEHOEFTEN_LEERKRACHT = "behoeften_leerkracht", "Ondersteuningsbehoeften van de leerkracht"
    BEHOEFTEN_OUDERS = "behoeften_ouders", "Ondersteuningsbehoeften van de ouders"
    SCHOOLSITUATIE = "schoolsituatie", "Schoolsituatie"
    THUISSITUATIE = "thuissituatie", "Thuissituatie"
    LEERLING_STEM = "leerling_stem", "Hoe denk jij erover? (de leerling zelf)"


# The three parts of the HGA growth document, in the order the sections are shown.
DELEN = (
    ("Overzicht", (Sectie.AANLEIDING, Sectie.GAAT_GOED, Sectie.MOEILIJK, Sectie.SCHOOLSITUATIE, Sectie.THUISSITUATIE)),
    ("Inzicht", (Sectie.VERKLARINGEN, Sectie.ONDERWIJSBEHOEFTEN, Sectie.BEHOEFTEN_LEERKRACHT, Sectie.BEHOEFTEN_OUDERS)),
    ("Uitzicht", (Sectie.DOELEN, Sectie.GEPROBEERD, Sectie.VERWACHTINGEN)),
    ("De leerling", (Sectie.LEERLING_STEM,)),
)


class Groeidocument(models.Model):
    leerling = models.OneToOneField("leerlingen.Leerling", on_delete=models.CASCADE, related_name="groeidocument")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "groeidocument"
        verbose_name_plural = "groeidocumenten"

    def __str__(self):
        return f"Groeidocument van {self.leerling}"


class Versie(models.Model):
    groeidocument = models.ForeignKey(Groeidocument, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField()
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bevroren_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "versie van het groeidocument"
        verbose_name_plural = "versies van het groeidocument"
        ordering = ["-nummer"]
        constraints = [models.UniqueConstraint(fields=["groeidocument", "nummer"], name="groeidocument_versie_uniek")]

    def __str__(self):
        return f"groeidocument, versie {self.nummer}"

    @property
    def leerling_id(self):
        return self.groeidocument.leerling_id

    @property
    def is_bevroren(self) -> bool:
        return self.bevroren_op is not None


class Bijdrage(models.Model):
    """One person's text for one section of one version. Attributed, never anonymous."""

    class Als(models.TextChoices):
        LEERKRACHT = "leerkracht", "Leerkracht"
        IB = "ib", "Intern begeleider"
        DIRECTEUR = "directeur", "Directeur"
        OUDER = "ouder", "Ouder"
        NAMENS_LEERLING = "namens_leerling", "Namens de leerling"

    versie = models.ForeignKey(Versie, on_delete=models.CASCADE, related_name="bijdragen")
    sectie = models.CharField("onderdeel", max_length=30, choices=Sectie.choices)
    auteur = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    auteur_naam = models.CharField(max_length=200)
    als = models.CharField("in de rol van", max_length=20, choices=Als.choices)
    tekst = models.TextField("tekst", max_length=5000)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bijdrage"
        verbose_name_plural = "bijdragen"
        ordering = ["sectie", "id"]
        constraints = [
            models.UniqueConstraint(fields=["versie", "sectie", "auteur", "als"], name="bijdrage_een_per_auteur")
        ]

    def __str__(self):
        return f"{self.get_sectie_display()} — {self.auteur_naam}"

    @property
    def leerling_id(self):
        return self.versie.groeidocument.leerling_id


class Ondertekening(models.Model):
    class Partij(models.TextChoices):
        OUDERS = "ouders", "Ouders"
        SCHOOL = "school", "School"

    class Soort(models.TextChoices):
        VOOR_GEZIEN = "voor_gezien", "Voor gezien"
        AKKOORD = "akkoord", "Akkoord"

    versie = models.ForeignKey(Versie, on_delete=models.CASCADE, related_name="ondertekeningen")
    partij = models.CharField(max_length=10, choices=Partij.choices)
    soort = models.CharField("ondertekening", max_length=12, choices=Soort.choices)
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    door_naam = models.CharField(max_length=200)
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ondertekening"
        verbose_name_plural = "ondertekeningen"
        ordering = ["op"]
        constraints = [models.UniqueConstraint(fields=["versie", "door"], name="ondertekening_een_per_persoon")]

    def __str__(self):
        return f"{self.get_soort_display()} door {self.door_naam} ({self.get_partij_display().lower()})"


class Vertrouwelijkheid(models.TextChoices):
    SCHOOL = "school", "School: leerkracht, intern begeleider en directie"
    TRAJECT = "traject", "Traject: ook wie bij het traject betrokken is"
    MEDISCH = "medisch", "Medisch of psychologisch: alleen intern begeleider en directie"


def _bestand_pad(instance, filename):
    # Stored under a random name, outside the web root; the original name is kept apart.
    return f"dossier/{instance.leerling_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    class Soort(models.TextChoices):
        ONDERZOEK = "onderzoek", "Onderzoeksverslag"
        OBSERVATIE = "observatie", "Observatie"
        VERSLAG = "verslag", "Verslag van een gesprek of overleg"
        OVERIG = "overig", "Overig"

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="documenten")
    titel = models.CharField("titel", max_length=200, validators=[validate_geen_html])
    soort = models.CharField("soort", max_length=12, choices=Soort.choices)
    vertrouwelijkheid = models.CharField(
        "wie mag het zien", max_length=10, choices=Vertrouwelijkheid.choices, default=Vertrouwelijkheid.SCHOOL
    )
    gedeeld_met_ouders = models.BooleanField("ook zichtbaar voor de ouders", default=True)
    delen_buiten_school = models.BooleanField(
        "ouders geven toestemming om dit buiten de school te delen",
        default=False,
        help_text="Alleen voor medische en psychologische verslagen: de ouders beslissen.",
    )
    bestand = models.FileField(upload_to=_bestand_pad, max_length=300)
    bestandsnaam = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    geupload_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    geupload_als = models.CharField(max_length=30)
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-geupload_op", "-id"]

    def __str__(self):
        return self.titel


class Notitie(models.Model):
    """A line in the pupil's logbook. Never edited: a correction is a new note."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="notities")
    tekst = models.TextField("notitie", max_length=4000)
    vertrouwelijkheid = models.CharField(
        "wie mag het zien", max_length=10, choices=Vertrouwelijkheid.choices, default=Vertrouwelijkheid.SCHOOL
    )
    gedeeld_met_ouders = models.BooleanField("ook zichtbaar voor de ouders", default=False)
    auteur = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    auteur_naam = models.CharField(max_length=200)
    als = models.CharField(max_length=30)
    op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "notitie"
        verbose_name_plural = "notities"
        ordering = ["-op", "-id"]

    def __str__(self):
        return f"Notitie van {self.auteur_naam}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een notitie wordt niet gewijzigd; schrijf een nieuwe notitie.")
        super().save(*args, **kwargs)
