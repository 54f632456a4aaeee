"""Questionnaires (instruments), their administrations (afnames) and scores.

An Instrument is one version of a questionnaire of one partnership, loaded from a definition
file (definitie.py); it never changes after loading, so an afname always shows the questions it
was filled in on. Norm tables are loaded per version (normen.py); finishing an afname scores it
with the newest table and keeps that score. A finished afname, its answers and scores never change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from passend.core.models import AppendOnlyQuerySet

MAX_OPEN_ANTWOORD = 4000


class Invuller(models.TextChoices):
    LEERKRACHT = "leerkracht", "Leerkracht of intern begeleider"
    OUDER = "ouder", "Ouder of verzorger"
    LEERLING = "leerling", "De leerling, samen met een volwassene"
    MEDEWERKER = "medewerker", "Een medewerker namens de leerling"


class Instrument(models.Model):
    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField("code", max_length=30)
    versie = models.PositiveIntegerField("versie")
    versie_label = models.CharField("versieaanduiding", max_length=50, blank=True)
    naam = models.CharField("naam", max_length=200)
    invuller = models.CharField("wie vult in", max_length=12, choices=Invuller.choices)
    is_voorbeeld = models.BooleanField(
        "voorbeeldvragen", default=False, help_text="Vragen van Passend zelf, geen officieel instrument."
    )
    bron = models.TextField("bron", blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    # [{"waarde": 0, "label": "…"}, …], ascending from 0.
    schaal = models.JSONField("antwoordschaal")
    actief = models.BooleanField("in gebruik", default=True)
    geladen_op = models.DateTimeField(auto_now_add=True)
    geladen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    geladen_door_naam = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "instrument"
        verbose_name_plural = "instrumenten"
        ordering = ["naam", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["samenwerkingsverband", "code", "versie"], name="instrument_versie_uniek"),
            models.CheckConstraint(condition=Q(versie__gte=1), name="instrument_versie_vanaf_1"),
        ]

    def __str__(self):
        return f"{self.naam} (versie {self.versie})"

    @property
    def hoogste_waarde(self) -> int:
        return max(punt["waarde"] for punt in self.schaal)

    def schaal_label(self, waarde) -> str:
        return next((punt["label"] for punt in self.schaal if punt["waarde"] == waarde), "")


class Deel(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="delen")
    code = models.CharField(max_length=30)
    naam = models.CharField(max_length=200)
    toelichting = models.TextField(blank=True)
    volgorde = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["volgorde"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="deel_code_uniek")]

    def __str__(self):
        return self.naam


class Gebied(models.Model):
    """An area of a part, e.g. 'Taal en spraak'. A scored area's raw score is the sum of its scale items."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="gebieden")
    deel = models.ForeignKey(Deel, on_delete=models.CASCADE, related_name="gebieden")
    code = models.CharField(max_length=30)
    naam = models.CharField(max_length=200)
    toelichting = models.TextField(blank=True)
    scoren = models.BooleanField(default=True)
    maximum = models.PositiveIntegerField("hoogste ruwe score", default=0)
    volgorde = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "gebieden"
        ordering = ["deel__volgorde", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="gebied_code_uniek")]

    def __str__(self):
        return self.naam


class Vraag(models.Model):
    class Soort(models.TextChoices):
        SCHAAL = "schaal", "Schaal"
        TEKST = "tekst", "Open vraag"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="vragen")
    gebied = models.ForeignKey(Gebied, on_delete=models.CASCADE, related_name="vragen")
    code = models.CharField(max_length=30)
    tekst = models.TextField()
    soort = models.CharField(max_length=10, choices=Soort.choices)
    verplicht = models.BooleanField()
    volgorde = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "vragen"
        ordering = ["gebied__deel__volgorde", "gebied__volgorde", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="vraag_code_uniek")]

    def __str__(self):
        return f"{self.code} {self.tekst[:60]}"


class Normtabel(models.Model):
    """A norm table loaded for one version of an instrument; the newest scores new afnames."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="normtabellen")
    bron = models.CharField("bron", max_length=300, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    geladen_op = models.DateTimeField(auto_now_add=True)
    geladen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    geladen_door_naam = models.CharField(max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "normtabel"
        verbose_name_plural = "normtabellen"
        ordering = ["-geladen_op", "-id"]

    def __str__(self):
        return f"Normtabel {self.instrument.naam}, {self.geladen_op:%d-%m-%Y}"


class Normregel(models.Model):
    normtabel = models.ForeignKey(Normtabel, on_delete=models.CASCADE, related_name="regels")
    gebied = models.ForeignKey(Gebied, on_delete=models.CASCADE, related_name="+")
    ruw_van = models.PositiveIntegerField()
    ruw_tot = models.PositiveIntegerField()
    normscore = models.IntegerField()
    band = models.CharField(max_length=50)
    # The band's place from low to high within the table (0 = lowest), for the chart's colours.
    band_rang = models.PositiveSmallIntegerField()
    leeftijd_van = models.PositiveSmallIntegerField(null=True, blank=True)
    leeftijd_tot = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["gebied_id", "leeftijd_van", "ruw_van"]
        constraints = [models.CheckConstraint(condition=Q(ruw_tot__gte=models.F("ruw_van")), name="normregel_bereik")]

    def __str__(self):
        return f"{self.gebied_id}: {self.ruw_van}–{self.ruw_tot} → {self.normscore} ({self.band})"

    def past(self, ruw: int, leeftijd_maanden: int) -> bool:
        leeftijd_ok = (self.leeftijd_van is None or leeftijd_maanden >= self.leeftijd_van) and (
            self.leeftijd_tot is None or leeftijd_maanden <= self.leeftijd_tot
        )
        return leeftijd_ok and self.ruw_van <= ruw <= self.ruw_tot


class Afname(models.Model):
    """One administration of an instrument about one pupil.

    `gevraagd`: the school asked the parents to fill in their version (nobody has started yet);
    `concept`: being filled in, saved half-way; `afgerond`: finished and scored, never changed again.
    """

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", "Klaargezet voor de ouders"
        CONCEPT = "concept", "Nog niet afgerond"
        AFGEROND = "afgerond", "Afgerond"

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="afnames")
    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.PROTECT, related_name="afnames")
    traject = models.ForeignKey(
        "trajecten.Traject", on_delete=models.PROTECT, null=True, blank=True, related_name="afnames"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONCEPT)
    peildatum = models.DateField("peildatum", help_text="De dag waarop de antwoorden betrekking hebben.")
    opmerking = models.TextField("opmerking bij deze afname", max_length=MAX_OPEN_ANTWOORD, blank=True)
    gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gevraagd_door_naam = models.CharField(max_length=200, blank=True)
    ingevuld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ingevuld_door_naam = models.CharField(max_length=200, blank=True)
    ingevuld_als = models.CharField(max_length=40, blank=True)
    normtabel = models.ForeignKey(Normtabel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "afname"
        verbose_name_plural = "afnames"
        ordering = ["-peildatum", "-id"]
        indexes = [models.Index(fields=["leerling", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afgerond", afgerond_op__isnull=False)
                | (~Q(status="afgerond") & Q(afgerond_op__isnull=True)),
                name="afname_afgerond_op_bij_status",
            ),
            models.CheckConstraint(
                condition=Q(status="gevraagd") | Q(ingevuld_door__isnull=False),
                name="afname_invuller_bij_status",
            ),
        ]

    def __str__(self):
        return f"{self.instrument.naam}, {self.peildatum:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if getattr(self, "_opgeslagen_status", None) == self.Status.AFGEROND:
            raise TypeError("Een afgeronde afname verandert niet meer; begin een nieuwe afname.")
        super().save(*args, **kwargs)
        self._opgeslagen_status = self.status

    def delete(self, *args, **kwargs):
        if self.status == self.Status.AFGEROND or getattr(self, "_opgeslagen_status", None) == self.Status.AFGEROND:
            raise TypeError("Een afgeronde afname wordt niet verwijderd.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        afname = super().from_db(db, field_names, values)
        afname._opgeslagen_status = afname.__dict__.get("status")
        return afname

    @property
    def is_afgerond(self) -> bool:
        return self.status == self.Status.AFGEROND


class Antwoord(models.Model):
    afname = models.ForeignKey(Afname, on_delete=models.CASCADE, related_name="antwoorden")
    vraag = models.ForeignKey(Vraag, on_delete=models.PROTECT, related_name="+")
    waarde = models.PositiveSmallIntegerField(null=True, blank=True)
    tekst = models.TextField(max_length=MAX_OPEN_ANTWOORD, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["afname", "vraag"], name="antwoord_een_per_vraag")]

    def __str__(self):
        return f"{self.vraag.code}: {self.waarde if self.waarde is not None else self.tekst[:40]}"

    def save(self, *args, **kwargs):
        # The services write answers in bulk, only while the afname is unfinished (and locked).
        if self._van_afgeronde_afname():
            raise TypeError("Een antwoord van een afgeronde afname verandert niet meer.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._van_afgeronde_afname():
            raise TypeError("Een antwoord van een afgeronde afname wordt niet verwijderd.")
        return super().delete(*args, **kwargs)

    def _van_afgeronde_afname(self) -> bool:
        return Afname.objects.filter(pk=self.afname_id, status=Afname.Status.AFGEROND).exists()


class Score(models.Model):
    """The score of one area of a finished afname, written once when it is finished."""

    afname = models.ForeignKey(Afname, on_delete=models.PROTECT, related_name="scores")
    gebied = models.ForeignKey(Gebied, on_delete=models.PROTECT, related_name="+")
    ruw = models.PositiveIntegerField("ruwe score")
    maximum = models.PositiveIntegerField("hoogste ruwe score")
    normscore = models.IntegerField("normscore", null=True, blank=True)
    band = models.CharField(max_length=50, blank=True)
    band_rang = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["gebied__deel__volgorde", "gebied__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["afname", "gebied"], name="score_een_per_gebied"),
            models.CheckConstraint(condition=Q(ruw__lte=models.F("maximum")), name="score_binnen_maximum"),
        ]

    def __str__(self):
        return f"{self.gebied.naam}: {self.ruw}/{self.maximum}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een score verandert niet.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Een score wordt niet verwijderd.")

    @property
    def percentage(self) -> float:
        return 100 * self.ruw / self.maximum if self.maximum else 0.0


class AfnameBijAanvraag(models.Model):
    """A finished afname attached to an application while it was a concept (it then travels with it)."""

    aanvraag = models.ForeignKey("trajecten.Aanvraag", on_delete=models.PROTECT, related_name="bijgevoegde_afnames")
    afname = models.ForeignKey(Afname, on_delete=models.PROTECT, related_name="bij_aanvragen")
    toegevoegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["aanvraag", "afname"], name="afname_een_keer_bij_aanvraag")]

    def __str__(self):
        return f"{self.afname} bij {self.aanvraag}"
