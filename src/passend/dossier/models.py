"""The groeidocument of HGA (seed 003): overzicht, inzicht, uitzicht — versioned and signed.

A pupil has one groeidocument with numbered versions. Everyone involved writes their own,
attributed contribution per section. When parents and school have signed a version it is
frozen, and the next version starts as a copy of it.
"""

import uuid

from django.db import models
from django.utils import timezone

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


# --- OPP (ontwikkelingsperspectiefplan) ---------------------------------------------------
#
# One OPP per pupil, in numbered versions like the groeidocument. A concept version is
# edited by the school; it is "vastgesteld" (set) only when the parents have consented to
# its handelingsdeel and were consulted on the exit profile (DOMAIN.md). A set version never
# changes: adjusting the OPP starts a new concept version from it. Consent is tied to the
# text of the handelingsdeel by a fingerprint, so any change to that part needs new consent.


class Uitstroomprofiel(models.TextChoices):
    VSO_DAGBESTEDING = "vso_dagbesteding", "Dagbesteding (vso)"
    VSO_ARBEID = "vso_arbeid", "Arbeidsmarkt (vso)"
    PRAKTIJKONDERWIJS = "praktijkonderwijs", "Praktijkonderwijs"
    VMBO_BB = "vmbo_bb", "Vmbo basisberoepsgerichte leerweg"
    VMBO_KB = "vmbo_kb", "Vmbo kaderberoepsgerichte leerweg"
    VMBO_GT = "vmbo_gt", "Vmbo gemengde of theoretische leerweg"
    HAVO = "havo", "Havo"
    VWO = "vwo", "Vwo"


class Domein(models.TextChoices):
    LEREN = "leren", "Leren"
    WERKHOUDING = "werkhouding", "Werkhouding"
    SOCIAAL_EMOTIONEEL = "sociaal_emotioneel", "Sociaal-emotioneel"


# The OPP's fields in the order of the plan. The handelingsdeel: parents consent to exactly these.
PERSPECTIEF_VELDEN = (
    "startdatum",
    "einddatum",
    "uitstroomprofiel",
    "uitstroombestemming",
    "onderbouwing",
    "belemmerende_factoren",
    "bevorderende_factoren",
    "didactisch_niveau",
    "ambitie",
)
HANDELINGSDEEL_VELDEN = ("ondersteuning", "begeleiding", "afwijkingen")
STEM_VELDEN = ("leerling_visie", "ouders_gehoord_op", "zienswijze_ouders")
OPP_VELDEN = (*PERSPECTIEF_VELDEN, *HANDELINGSDEEL_VELDEN, *STEM_VELDEN)
OPP_TEKST = 5000


class Opp(models.Model):
    leerling = models.OneToOneField("leerlingen.Leerling", on_delete=models.CASCADE, related_name="opp")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "OPP"
        verbose_name_plural = "OPP's"

    def __str__(self):
        return f"OPP van {self.leerling}"


class OppVersie(models.Model):
    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField()
    # Perspectief
    uitstroomprofiel = models.CharField(
        "verwacht uitstroomprofiel", max_length=20, choices=Uitstroomprofiel.choices, blank=True
    )
    uitstroombestemming = models.CharField(
        "verwachte uitstroombestemming",
        max_length=200,
        blank=True,
        validators=[validate_geen_html],
        help_text="Bijvoorbeeld: vmbo kader op een school in de buurt.",
    )
    onderbouwing = models.TextField("onderbouwing van het uitstroomprofiel", max_length=OPP_TEKST, blank=True)
    belemmerende_factoren = models.TextField("belemmerende factoren", max_length=OPP_TEKST, blank=True)
    bevorderende_factoren = models.TextField("bevorderende factoren", max_length=OPP_TEKST, blank=True)
    didactisch_niveau = models.TextField("didactisch niveau", max_length=OPP_TEKST, blank=True)
    ambitie = models.TextField("ambitie", max_length=OPP_TEKST, blank=True)
    # Handelingsdeel
    ondersteuning = models.TextField("ondersteuning", max_length=OPP_TEKST, blank=True)
    begeleiding = models.TextField("begeleiding", max_length=OPP_TEKST, blank=True)
    afwijkingen = models.TextField("afwijkingen van het onderwijsprogramma", max_length=OPP_TEKST, blank=True)
    handelingsdeel_kenmerk = models.CharField(max_length=64, editable=False)
    # The pupil's view and the consultation with the parents on the exit profile
    leerling_visie = models.TextField("wat de leerling zelf vindt", max_length=OPP_TEKST, blank=True)
    ouders_gehoord_op = models.DateField("overleg met de ouders over het uitstroomprofiel op", null=True, blank=True)
    zienswijze_ouders = models.TextField("zienswijze van de ouders", max_length=OPP_TEKST, blank=True)
    startdatum = models.DateField("startdatum", null=True, blank=True)
    einddatum = models.DateField("einddatum", null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    gewijzigd_door_naam = models.CharField(max_length=200, blank=True)
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_door_naam = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "versie van het OPP"
        verbose_name_plural = "versies van het OPP"
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["opp", "nummer"], name="opp_versie_uniek"),
            models.CheckConstraint(
                condition=models.Q(einddatum__isnull=True)
                | models.Q(startdatum__isnull=True)
                | models.Q(einddatum__gte=models.F("startdatum")),
                name="opp_einde_na_start",
            ),
        ]

    def __str__(self):
        return f"OPP, versie {self.nummer}"

    def save(self, *args, **kwargs):
        self.handelingsdeel_kenmerk = self.bereken_kenmerk()
        super().save(*args, **kwargs)

    @property
    def leerling_id(self):
        return self.opp.leerling_id

    @property
    def is_vastgesteld(self) -> bool:
        return self.vastgesteld_op is not None

    @property
    def heeft_handelingsdeel(self) -> bool:
        """Whether the handelingsdeel says anything yet (only then can parents decide on it)."""
        return any(getattr(self, veld).strip() for veld in HANDELINGSDEEL_VELDEN)

    def bereken_kenmerk(self) -> str:
        import hashlib

        tekst = "\x1f".join(getattr(self, veld).strip() for veld in HANDELINGSDEEL_VELDEN)
        return hashlib.sha256(tekst.encode()).hexdigest()


class OppDoel(models.Model):
    class Soort(models.TextChoices):
        EINDDOEL = "einddoel", "Einddoel"
        TUSSENDOEL = "tussendoel", "Tussendoel"

    versie = models.ForeignKey(OppVersie, on_delete=models.CASCADE, related_name="doelen")
    domein = models.CharField("domein", max_length=20, choices=Domein.choices)
    soort = models.CharField("soort doel", max_length=12, choices=Soort.choices)
    omschrijving = models.TextField("doel", max_length=1000)
    streefdatum = models.DateField("te bereiken op", null=True, blank=True)

    class Meta:
        verbose_name = "doel in het OPP"
        verbose_name_plural = "doelen in het OPP"
        ordering = ["domein", "-soort", "streefdatum", "id"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.get_domein_display().lower()}"


class OppEvaluatie(models.Model):
    """The (at least yearly) evaluation of the OPP with the parents. Never changed afterwards."""

    class Conclusie(models.TextChoices):
        VOORTZETTEN = "voortzetten", "Voortzetten zoals het is"
        BIJSTELLEN = "bijstellen", "Bijstellen (een nieuwe versie van het OPP)"
        BEEINDIGEN = "beeindigen", "Beëindigen: de leerling heeft het OPP niet meer nodig"

    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="evaluaties")
    versie = models.ForeignKey(OppVersie, on_delete=models.PROTECT, related_name="evaluaties")
    datum = models.DateField("datum van de evaluatie")
    aanwezig = models.CharField(
        "wie waren erbij",
        max_length=300,
        validators=[validate_geen_html],
        help_text="Bijvoorbeeld: moeder, leerkracht, intern begeleider.",
    )
    met_ouders = models.BooleanField("met de ouders geëvalueerd", default=True)
    bevindingen = models.TextField("bevindingen", max_length=OPP_TEKST)
    conclusie = models.CharField("conclusie", max_length=12, choices=Conclusie.choices)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_door_naam = models.CharField(max_length=200)
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "evaluatie van het OPP"
        verbose_name_plural = "evaluaties van het OPP"
        ordering = ["-datum", "-id"]

    def __str__(self):
        return f"Evaluatie van het OPP op {self.datum:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een vastgelegde evaluatie wordt niet gewijzigd; leg een nieuwe evaluatie vast.")
        super().save(*args, **kwargs)

    @property
    def leerling_id(self):
        return self.opp.leerling_id


# --- Handelingsplan (support level 2) ------------------------------------------------------


class Handelingsplan(models.Model):
    """The teacher's plan for extra support in the group: goals, approach, period, evaluation.

    Editable until it is evaluated; the evaluation closes it.
    """

    class Resultaat(models.TextChoices):
        BEHAALD = "behaald", "Doelen behaald"
        DEELS = "deels", "Doelen deels behaald"
        NIET = "niet", "Doelen niet behaald"

    class Vervolg(models.TextChoices):
        AFSLUITEN = "afsluiten", "Afsluiten: terug naar het basisaanbod"
        NIEUW_PLAN = "nieuw_plan", "Een nieuw handelingsplan"
        OPSCHALEN = "opschalen", "Opschalen: bespreken met de intern begeleider (niveau 3)"

    class Status(models.TextChoices):
        LOPEND = "lopend", "Lopend"
        EVALUATIE_TE_LAAT = "evaluatie_te_laat", "Evaluatie te laat"
        GEEVALUEERD = "geevalueerd", "Geëvalueerd"

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="handelingsplannen")
    onderwerp = models.CharField(
        "onderwerp", max_length=200, validators=[validate_geen_html], help_text="Bijvoorbeeld: technisch lezen."
    )
    beginsituatie = models.TextField("beginsituatie", max_length=OPP_TEKST, blank=True)
    doelen = models.TextField("doelen", max_length=OPP_TEKST)
    aanpak = models.TextField("aanpak", max_length=OPP_TEKST)
    startdatum = models.DateField("startdatum")
    einddatum = models.DateField("einddatum")
    evaluatiedatum = models.DateField("evalueren op")
    opgesteld_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    opgesteld_door_naam = models.CharField(max_length=200)
    opgesteld_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    geevalueerd_op = models.DateField("geëvalueerd op", null=True, blank=True)
    resultaat = models.CharField("resultaat", max_length=10, choices=Resultaat.choices, blank=True)
    evaluatie = models.TextField("evaluatie", max_length=OPP_TEKST, blank=True)
    vervolg = models.CharField("vervolg", max_length=12, choices=Vervolg.choices, blank=True)
    geevalueerd_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    geevalueerd_door_naam = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "handelingsplan"
        verbose_name_plural = "handelingsplannen"
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einddatum__gte=models.F("startdatum")), name="handelingsplan_einde_na_start"
            ),
        ]

    def __str__(self):
        return f"Handelingsplan {self.onderwerp}"

    @property
    def is_geevalueerd(self) -> bool:
        return self.geevalueerd_op is not None

    @property
    def status(self) -> str:
        """Derived from the dates, so a plan becomes overdue without anyone writing to it."""
        if self.is_geevalueerd:
            return self.Status.GEEVALUEERD
        if self.evaluatiedatum < timezone.localdate():
            return self.Status.EVALUATIE_TE_LAAT
        return self.Status.LOPEND

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label
