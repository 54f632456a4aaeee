from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passend.core.models import AppendOnlyQuerySet
from passend.core.validators import validate_geen_html
from passend.leerlingen.niveaus import NIVEAU_CHOICES, NIVEAUS
from passend.organisaties.validators import normalise_postcode, validate_postcode

naam_validators = [validate_geen_html]


def validate_niet_in_toekomst(value: date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("Deze datum ligt in de toekomst.")


class Leerling(models.Model):
    """A pupil. No BSN is stored. Who may see the pupil follows from the school and the
    teachers assigned (see policies.py)."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    school = models.ForeignKey("organisaties.School", on_delete=models.PROTECT, related_name="leerlingen")
    voornaam = models.CharField("voornaam", max_length=100, validators=naam_validators)
    tussenvoegsel = models.CharField("tussenvoegsel", max_length=20, blank=True, validators=naam_validators)
    achternaam = models.CharField("achternaam", max_length=100, validators=naam_validators)
    geboortedatum = models.DateField("geboortedatum", validators=[validate_niet_in_toekomst])
    groep = models.PositiveSmallIntegerField(
        "groep",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Kies groep 1 tot en met 8."),
            MaxValueValidator(8, "Kies groep 1 tot en met 8."),
        ],
    )
    leerkrachten = models.ManyToManyField(
        "accounts.User", blank=True, related_name="groepsleerlingen", verbose_name="leerkracht(en)"
    )
    postcode = models.CharField(
        "postcode woonadres",
        max_length=7,
        blank=True,
        validators=[validate_postcode],
        help_text="Voor een plek dicht bij huis (thuisnabij).",
    )
    datum_inschrijving = models.DateField("ingeschreven op")
    datum_uitschrijving = models.DateField("uitgeschreven op", null=True, blank=True)
    thuiszitter_sinds = models.DateField(
        "thuiszitter sinds",
        null=True,
        blank=True,
        validators=[validate_niet_in_toekomst],
        help_text="Leeg laten als de leerling naar school gaat.",
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "leerling"
        verbose_name_plural = "leerlingen"
        ordering = ["achternaam", "voornaam", "id"]
        indexes = [models.Index(fields=["school", "achternaam"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(datum_uitschrijving__isnull=True)
                | Q(datum_uitschrijving__gte=models.F("datum_inschrijving")),
                name="leerling_uitschrijving_na_inschrijving",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        return " ".join(part for part in (self.voornaam, self.tussenvoegsel, self.achternaam) if part)

    @property
    def is_thuiszitter(self) -> bool:
        return self.thuiszitter_sinds is not None

    def leeftijd(self, op: date | None = None) -> tuple[int, int]:
        """Age in whole years and months (the guide speaks of "4 jaar en 8 maanden")."""
        op = op or timezone.localdate()
        months = (op.year - self.geboortedatum.year) * 12 + op.month - self.geboortedatum.month
        if op.day < self.geboortedatum.day:
            months -= 1
        return divmod(max(months, 0), 12)

    def clean_fields(self, exclude=None):
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.school_id:
            self.samenwerkingsverband_id = self.school.samenwerkingsverband_id
        if self.geboortedatum and self.datum_inschrijving and self.datum_inschrijving < self.geboortedatum:
            errors["datum_inschrijving"] = "De inschrijving ligt vóór de geboortedatum."
        if self.datum_uitschrijving and self.datum_inschrijving and self.datum_uitschrijving < self.datum_inschrijving:
            errors["datum_uitschrijving"] = "De uitschrijving ligt vóór de inschrijving."
        if self.thuiszitter_sinds and self.geboortedatum and self.thuiszitter_sinds < self.geboortedatum:
            errors["thuiszitter_sinds"] = "Deze datum ligt vóór de geboortedatum."
        if (
            self.school_id
            and self.geboortedatum
            and Leerling.objects.filter(
                school_id=self.school_id,
                voornaam__iexact=self.voornaam,
                achternaam__iexact=self.achternaam,
                geboortedatum=self.geboortedatum,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["achternaam"] = "Er staat al een leerling met deze naam en geboortedatum op deze school."
        if self.geboortedatum and self.geboortedatum < date(timezone.localdate().year - 25, 1, 1):
            errors["geboortedatum"] = "Deze geboortedatum is te ver in het verleden voor een leerling."
        if errors:
            raise ValidationError(errors)


class Thuiszitperiode(models.Model):
    """A period a pupil is out of school (thuiszitter). Opened and closed with the pupil's
    `thuiszitter_sinds` by the pupil service, so the figures can look back: who sat at home on
    any date, for how long, why, and when an offer of education was made."""

    class Reden(models.TextChoices):
        GEEN_PASSEND_AANBOD = "geen_passend_aanbod", "Geen passend onderwijsaanbod"
        GEDRAG = "gedrag", "Gedrag (geschorst of verwijderd)"
        PSYCHISCH = "psychisch", "Psychische problemen of schoolangst"
        ZIEKTE = "ziekte", "Lichamelijke ziekte"
        WACHTEN_OP_PLEK = "wachten_op_plek", "Wachten op een plek (wachtlijst)"
        GEZIN = "gezin", "Thuissituatie"
        ONBEKEND = "onbekend", "Nog niet vastgesteld"

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="thuiszitperiodes")
    begindatum = models.DateField("thuiszitter sinds")
    einddatum = models.DateField("weer naar school op", null=True, blank=True)
    reden = models.CharField("reden", max_length=24, choices=Reden.choices, default=Reden.ONBEKEND)
    aanbod_op = models.DateField(
        "onderwijsaanbod gedaan op",
        null=True,
        blank=True,
        help_text="De dag waarop de leerling een passend aanbod kreeg (ook als het nog niet begonnen is).",
    )

    class Meta:
        verbose_name = "thuiszitperiode"
        verbose_name_plural = "thuiszitperiodes"
        ordering = ["-begindatum", "-id"]
        indexes = [models.Index(fields=["begindatum", "einddatum"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("begindatum")),
                name="thuiszitperiode_einde_na_begin",
            ),
            models.CheckConstraint(
                condition=Q(aanbod_op__isnull=True) | Q(aanbod_op__gte=models.F("begindatum")),
                name="thuiszitperiode_aanbod_na_begin",
            ),
            models.UniqueConstraint(
                fields=["leerling"], condition=Q(einddatum__isnull=True), name="thuiszitperiode_een_open"
            ),
        ]

    def __str__(self):
        return f"Thuiszitter sinds {self.begindatum:%d-%m-%Y}"


class Ouder(models.Model):
    """A parent or guardian, with contact details; may later get an account (the invitation)."""

    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+", editable=False
    )
    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    email = models.EmailField("e-mailadres", blank=True)
    telefoon = models.CharField("telefoon", max_length=20, blank=True, validators=naam_validators)
    gebruiker = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="ouderprofielen", editable=False
    )

    class Meta:
        verbose_name = "ouder / verzorger"
        verbose_name_plural = "ouders / verzorgers"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Ouderschap(models.Model):
    class Relatie(models.TextChoices):
        MOEDER = "moeder", "Moeder"
        VADER = "vader", "Vader"
        OUDER = "ouder", "Ouder"
        VERZORGER = "verzorger", "Verzorger"
        VOOGD = "voogd", "Voogd"

    ouder = models.ForeignKey(Ouder, on_delete=models.CASCADE, related_name="ouderschappen")
    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="ouderschappen")
    relatie = models.CharField("relatie", max_length=10, choices=Relatie.choices)
    gezag = models.BooleanField("heeft gezag", default=True, help_text="Ouder of voogd met ouderlijk gezag.")

    class Meta:
        verbose_name = "ouderschap"
        verbose_name_plural = "ouderschappen"
        constraints = [models.UniqueConstraint(fields=["ouder", "leerling"], name="ouderschap_uniek")]

    def __str__(self):
        return f"{self.ouder} ({self.get_relatie_display().lower()} van {self.leerling})"


class Ondersteuningsniveau(models.Model):
    """One step in a pupil's support-level history. Rows are never changed: a new level is a new row."""

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="ondersteuningsniveaus")
    niveau = models.PositiveSmallIntegerField("niveau", choices=NIVEAU_CHOICES)
    sinds = models.DateField("sinds", validators=[validate_niet_in_toekomst])
    reden = models.TextField("waarom", max_length=2000)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="vastgesteld door"
    )
    vastgesteld_als = models.CharField("in de rol van", max_length=30, editable=False)
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "ondersteuningsniveau"
        verbose_name_plural = "ondersteuningsniveaus"
        ordering = ["-sinds", "-vastgesteld_op", "-id"]
        get_latest_by = ["sinds", "vastgesteld_op", "id"]

    def __str__(self):
        return f"Niveau {self.niveau} sinds {self.sinds:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een vastgesteld ondersteuningsniveau wordt niet gewijzigd; stel een nieuw niveau vast.")
        super().save(*args, **kwargs)

    @property
    def beschrijving(self):
        return NIVEAUS[self.niveau]


class Toestemming(models.Model):
    """A parent's decision on one subject: given, refused or withdrawn. Rows are never
    changed; the newest row per subject is the one that counts."""

    class Onderwerp(models.TextChoices):
        EXTERN = "extern", "Externe deskundigen betrekken"
        DELEN_SWV = "delen_swv", "Gegevens delen met het samenwerkingsverband"
        OPP_HANDELINGSDEEL = "opp_handelingsdeel", "Instemming met het handelingsdeel van het OPP"

    class Besluit(models.TextChoices):
        GEGEVEN = "gegeven", "Gegeven"
        GEWEIGERD = "geweigerd", "Geweigerd"
        INGETROKKEN = "ingetrokken", "Ingetrokken"

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="toestemmingen")
    onderwerp = models.CharField("waarvoor", max_length=20, choices=Onderwerp.choices)
    besluit = models.CharField("besluit", max_length=12, choices=Besluit.choices)
    reikwijdte = models.CharField(
        "reikwijdte",
        max_length=300,
        blank=True,
        validators=naam_validators,
        help_text="Bijvoorbeeld: ambulant begeleider cluster 4, voor observatie in de klas.",
    )
    ouder = models.ForeignKey(Ouder, on_delete=models.PROTECT, related_name="toestemmingen", verbose_name="ouder")
    datum = models.DateField("datum", validators=[validate_niet_in_toekomst])
    # A consent to a text (the OPP's handelingsdeel) names a fingerprint of that text: when
    # the text changes, the fingerprint no longer matches and new consent is needed.
    kenmerk = models.CharField("kenmerk van de tekst", max_length=64, blank=True, editable=False)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    vastgelegd_als = models.CharField(max_length=30, editable=False)
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "toestemming"
        verbose_name_plural = "toestemmingen"
        ordering = ["-datum", "-vastgelegd_op", "-id"]

    def __str__(self):
        return f"Toestemming {self.get_onderwerp_display().lower()}: {self.get_besluit_display().lower()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een vastgelegde toestemming wordt niet gewijzigd; leg een nieuw besluit vast.")
        super().save(*args, **kwargs)


class ExterneToegangQuerySet(models.QuerySet):
    def actief(self, op=None):
        op = op or timezone.localdate()
        return self.filter(beeindigd_op__isnull=True, geldig_van__lte=op, geldig_tot__gte=op)


class ExterneToegang(models.Model):
    """An external professional invited to one pupil's dossier, for a purpose, until a date.

    Access ends on `geldig_tot`, when the school ends it, or when the parents withdraw their
    consent to involve externals. Ending is recorded, never deleted.
    """

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="externe_toegangen")
    gebruiker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="externe_toegangen", verbose_name="externe"
    )
    doel = models.CharField(
        "waarvoor",
        max_length=300,
        validators=naam_validators,
        help_text="Bijvoorbeeld: observatie en advies door de orthopedagoog van het samenwerkingsverband.",
    )
    geldig_van = models.DateField("toegang vanaf", default=timezone.localdate)
    geldig_tot = models.DateField("toegang tot en met")
    uitgenodigd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    uitgenodigd_op = models.DateTimeField(auto_now_add=True)
    beeindigd_op = models.DateTimeField("beëindigd op", null=True, blank=True, editable=False)
    beeindigd_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    beeindigd_reden = models.CharField(max_length=200, blank=True, editable=False)

    objects = ExterneToegangQuerySet.as_manager()

    class Meta:
        verbose_name = "externe toegang"
        verbose_name_plural = "externe toegangen"
        ordering = ["-geldig_tot", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__gte=models.F("geldig_van")), name="externe_toegang_periode_geldig"
            ),
        ]

    def __str__(self):
        return f"Toegang van {self.gebruiker} tot het dossier van {self.leerling}"

    def is_actief(self, op=None) -> bool:
        op = op or timezone.localdate()
        return self.beeindigd_op is None and self.geldig_van <= op <= self.geldig_tot

    @property
    def status(self) -> str:
        """How the school's overview names this access: actief, verlopen, beëindigd or nog niet begonnen."""
        vandaag = timezone.localdate()
        if self.beeindigd_op is not None:
            return "beëindigd"
        if self.geldig_tot < vandaag:
            return "verlopen"
        if self.geldig_van > vandaag:
            return "nog niet begonnen"
        return "actief"
