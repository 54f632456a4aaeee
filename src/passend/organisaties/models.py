from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from passend.core.validators import validate_geen_html
from passend.organisaties.validators import (
    normalise_postcode,
    validate_instellingscode,
    validate_latitude,
    validate_longitude,
    validate_postcode,
    validate_swv_code,
)

naam_validators = [validate_geen_html]

CAPACITEIT_MAX = 5000
capaciteit_validators = [
    MinValueValidator(1, "Vul minstens 1 plaats in."),
    MaxValueValidator(CAPACITEIT_MAX, f"Meer dan {CAPACITEIT_MAX} plaatsen kan niet; controleer het getal."),
]


def clean_all(clean, errors: dict) -> dict:
    """Run `clean` and merge its ValidationError into `errors`, so that one model check
    never hides the next: the form shows every error at its field at once."""
    try:
        clean()
    except ValidationError as error:
        error.update_error_dict(errors)
    return errors


class Samenwerkingsverband(models.Model):
    """The tenant: a regional partnership of school boards."""

    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    code = models.CharField("code", max_length=10, unique=True, validators=[validate_swv_code])
    basisondersteuning = models.TextField(
        "basisondersteuning", blank=True, help_text="Wat elke school in het samenwerkingsverband minimaal biedt."
    )
    thuisnabij_km = models.PositiveSmallIntegerField(
        "thuisnabij (km)",
        default=10,
        validators=[
            MinValueValidator(1, "Vul minstens 1 km in."),
            MaxValueValidator(200, "Meer dan 200 km is niet thuisnabij; controleer het getal."),
        ],
        help_text="Tot welke afstand van huis een plek thuisnabij heet (matching en het dekkend netwerk).",
    )
    # The partnership's own norms for processing times (weeks), against which the figures report
    # the share handled in time. 6 weeks for a decision on an application is the legal term for a
    # TLV (Wet op het primair onderwijs art. 18a lid 9, extendable once).
    norm_signaal_besluit_weken = models.PositiveSmallIntegerField(
        "norm signaal tot besluit (weken)",
        default=12,
        validators=[MinValueValidator(1, "Vul minstens 1 week in."), MaxValueValidator(104, "Hooguit 104 weken.")],
    )
    norm_aanvraag_besluit_weken = models.PositiveSmallIntegerField(
        "norm aanvraag tot besluit (weken)",
        default=6,
        validators=[MinValueValidator(1, "Vul minstens 1 week in."), MaxValueValidator(52, "Hooguit 52 weken.")],
    )
    norm_besluit_start_weken = models.PositiveSmallIntegerField(
        "norm besluit tot start ondersteuning (weken)",
        default=4,
        validators=[MinValueValidator(1, "Vul minstens 1 week in."), MaxValueValidator(52, "Hooguit 52 weken.")],
    )

    class Meta:
        verbose_name = "samenwerkingsverband"
        verbose_name_plural = "samenwerkingsverbanden"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def samenwerkingsverband_id(self):
        return self.pk


class TenantModel(models.Model):
    samenwerkingsverband = models.ForeignKey(
        Samenwerkingsverband, on_delete=models.PROTECT, related_name="+", verbose_name="samenwerkingsverband"
    )

    class Meta:
        abstract = True

    # Field-level uniqueness checks, so the message lands at the field; the database
    # constraints in Meta stay as the backstop.
    unique_in_samenwerkingsverband: tuple[tuple[str, str], ...] = ()

    def clean(self):
        errors = clean_all(super().clean, {})
        for field, message in self.unique_in_samenwerkingsverband:
            value = getattr(self, field)
            if not value or not self.samenwerkingsverband_id:
                continue
            clash = self.__class__.objects.filter(
                samenwerkingsverband_id=self.samenwerkingsverband_id, **{field: value}
            )
            if clash.exclude(pk=self.pk).exists():
                errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)


class Deelverband(TenantModel):
    unique_in_samenwerkingsverband = (("naam", "Er is al een deelverband met deze naam."),)

    naam = models.CharField("naam", max_length=200, validators=naam_validators)

    class Meta:
        verbose_name = "deelverband"
        verbose_name_plural = "deelverbanden"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "naam"],
                name="deelverband_naam_uniek",
                violation_error_message="Er is al een deelverband met deze naam.",
            )
        ]

    def __str__(self):
        return self.naam


class Schoolbestuur(TenantModel):
    unique_in_samenwerkingsverband = (("naam", "Er is al een schoolbestuur met deze naam."),)

    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    bestuursnummer = models.CharField(
        "bestuursnummer",
        max_length=5,
        blank=True,
        help_text="Het nummer van het bevoegd gezag bij DUO (vijf cijfers).",
    )

    class Meta:
        verbose_name = "schoolbestuur"
        verbose_name_plural = "schoolbesturen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "naam"],
                name="schoolbestuur_naam_uniek",
                violation_error_message="Er is al een schoolbestuur met deze naam.",
            )
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        errors = clean_all(super().clean, {})
        if self.bestuursnummer and not (self.bestuursnummer.isdigit() and len(self.bestuursnummer) == 5):
            errors.setdefault("bestuursnummer", []).append("Een bestuursnummer bestaat uit vijf cijfers.")
        if errors:
            raise ValidationError(errors)


class Adres(models.Model):
    straat = models.CharField("straat en huisnummer", max_length=200, blank=True, validators=naam_validators)
    postcode = models.CharField("postcode", max_length=7, validators=[validate_postcode])
    plaats = models.CharField("plaats", max_length=100, validators=naam_validators)
    latitude = models.DecimalField(
        "breedtegraad", max_digits=8, decimal_places=6, null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.DecimalField(
        "lengtegraad", max_digits=8, decimal_places=6, null=True, blank=True, validators=[validate_longitude]
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        self.postcode = normalise_postcode(self.postcode)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = clean_all(super().clean, {})
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("longitude", []).append("Vul de breedte- én de lengtegraad in, of laat beide leeg.")
        if errors:
            raise ValidationError(errors)


class School(TenantModel, Adres):
    class Soort(models.TextChoices):
        BO = "bo", "Basisonderwijs (bo)"
        SBO = "sbo", "Speciaal basisonderwijs (sbo)"
        SO = "so", "Speciaal onderwijs (so)"

    unique_in_samenwerkingsverband = (("instellingscode", "Er is al een school met deze instellingscode."),)

    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    soort = models.CharField("soort", max_length=3, choices=Soort.choices)
    schoolbestuur = models.ForeignKey(
        Schoolbestuur, on_delete=models.PROTECT, related_name="scholen", verbose_name="schoolbestuur"
    )
    deelverband = models.ForeignKey(
        Deelverband,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scholen",
        verbose_name="deelverband",
    )
    instellingscode = models.CharField(
        "instellingscode",
        max_length=6,
        validators=[validate_instellingscode],
        help_text="BRIN-nummer met eventueel vestigingsnummer, bijvoorbeeld 12AB00.",
    )
    capaciteit = models.PositiveIntegerField(
        "capaciteit (plaatsen)",
        validators=capaciteit_validators,
        null=True,
        blank=True,
        help_text="Verplicht voor sbo en so: het aantal plaatsen.",
    )
    profiel = models.TextField(
        "profiel in het kort", blank=True, help_text="Bijvoorbeeld: smal profiel, breed profiel, so voor gedrag."
    )
    bezette_plaatsen = models.PositiveIntegerField(
        "bezette plaatsen",
        null=True,
        blank=True,
        validators=[MaxValueValidator(CAPACITEIT_MAX, "Dit is meer dan er plaatsen kunnen zijn.")],
        help_text="Hoeveel plaatsen nu bezet zijn; leeg als u dat niet bijhoudt.",
    )
    bezetting_peildatum = models.DateField("bezetting op", null=True, blank=True)

    class Meta:
        verbose_name = "school"
        verbose_name_plural = "scholen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "instellingscode"],
                name="school_instellingscode_uniek",
                violation_error_message="Er is al een school met deze instellingscode.",
            ),
            models.CheckConstraint(
                condition=Q(soort="bo") | Q(capaciteit__isnull=False),
                name="school_capaciteit_voor_sbo_so",
                violation_error_message="Vul voor sbo en so de capaciteit in.",
            ),
        ]

    def __str__(self):
        return self.naam

    def clean_fields(self, exclude=None):
        self.instellingscode = (self.instellingscode or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = clean_all(super().clean, {})
        if self.soort in (self.Soort.SBO, self.Soort.SO) and self.capaciteit is None:
            errors.setdefault("capaciteit", []).append("Vul voor sbo en so het aantal plaatsen in.")
        if self.schoolbestuur_id and self.schoolbestuur.samenwerkingsverband_id != self.samenwerkingsverband_id:
            errors.setdefault("schoolbestuur", []).append("Dit schoolbestuur hoort niet bij dit samenwerkingsverband.")
        if self.deelverband_id and self.deelverband.samenwerkingsverband_id != self.samenwerkingsverband_id:
            errors.setdefault("deelverband", []).append("Dit deelverband hoort niet bij dit samenwerkingsverband.")
        if (
            self.bezette_plaatsen is not None
            and self.capaciteit is not None
            and self.bezette_plaatsen > self.capaciteit
        ):
            errors.setdefault("bezette_plaatsen", []).append("Er zijn niet meer plaatsen bezet dan de capaciteit.")
        if (self.bezette_plaatsen is None) != (self.bezetting_peildatum is None):
            errors.setdefault("bezetting_peildatum", []).append("Vul de bezetting én de datum in, of laat beide leeg.")
        if errors:
            raise ValidationError(errors)


class Voorziening(TenantModel, Adres):
    class Soort(models.TextChoices):
        TUSSENVOORZIENING = "tussenvoorziening", "Tussenvoorziening"
        OBSERVATIEPLEK = "observatieplek", "Observatieplek"
        ONDERWIJSZORGARRANGEMENT = "onderwijszorgarrangement", "Onderwijs-zorgarrangement"

    unique_in_samenwerkingsverband = (("naam", "Er is al een voorziening met deze naam."),)

    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    capaciteit = models.PositiveIntegerField("capaciteit (plaatsen)", validators=capaciteit_validators)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voorzieningen",
        verbose_name="gevestigd bij school",
    )
    omschrijving = models.TextField("omschrijving", blank=True)
    bezette_plaatsen = models.PositiveIntegerField(
        "bezette plaatsen",
        null=True,
        blank=True,
        validators=[MaxValueValidator(CAPACITEIT_MAX, "Dit is meer dan er plaatsen kunnen zijn.")],
        help_text="Hoeveel plaatsen nu bezet zijn; leeg als u dat niet bijhoudt.",
    )
    bezetting_peildatum = models.DateField("bezetting op", null=True, blank=True)

    class Meta:
        verbose_name = "voorziening"
        verbose_name_plural = "voorzieningen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "naam"],
                name="voorziening_naam_uniek",
                violation_error_message="Er is al een voorziening met deze naam.",
            )
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        errors = clean_all(super().clean, {})
        if self.school_id and self.school.samenwerkingsverband_id != self.samenwerkingsverband_id:
            errors.setdefault("school", []).append("Deze school hoort niet bij dit samenwerkingsverband.")
        if (
            self.bezette_plaatsen is not None
            and self.capaciteit is not None
            and self.bezette_plaatsen > self.capaciteit
        ):
            errors.setdefault("bezette_plaatsen", []).append("Er zijn niet meer plaatsen bezet dan de capaciteit.")
        if (self.bezette_plaatsen is None) != (self.bezetting_peildatum is None):
            errors.setdefault("bezetting_peildatum", []).append("Vul de bezetting én de datum in, of laat beide leeg.")
        if errors:
            raise ValidationError(errors)


class Postcodegebied(models.Model):
    """The centre of a four-digit postcode area, to measure how far a setting is from a pupil's home.

    National reference data (e.g. CBS's open PC4 data), loaded with `manage.py postcodes_laden`;
    a pupil's address is never stored, only the postcode."""

    pc4 = models.CharField("postcodegebied", max_length=4, unique=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=6, validators=[validate_latitude])
    longitude = models.DecimalField(max_digits=8, decimal_places=6, validators=[validate_longitude])

    class Meta:
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"
        ordering = ["pc4"]

    def __str__(self):
        return self.pc4


class Expertisethema(models.Model):
    """A theme of specialist expertise (seed 000): gedrag, DCD, syndroom van Down, …"""

    slug = models.SlugField(unique=True)
    naam = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = "expertisethema"
        verbose_name_plural = "expertisethema's"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Deskundige(TenantModel):
    """An expert in the partnership's pool (or deployed by SBO/SO, CJG, youth care)."""

    class Discipline(models.TextChoices):
        ORTHOPEDAGOOG = "orthopedagoog", "Orthopedagoog"
        PSYCHOLOOG = "psycholoog", "Psycholoog"
        KINDER_JEUGDPSYCHOLOOG = "kinder_jeugdpsycholoog", "Kinder- en jeugdpsycholoog"
        PEDAGOOG = "pedagoog", "Pedagoog"
        KINDERPSYCHIATER = "kinderpsychiater", "Kinderpsychiater"
        MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", "Maatschappelijk werker"
        JEUGDARTS = "jeugdarts", "Jeugdarts"
        GEDRAGSSPECIALIST = "gedragsspecialist", "Gedragsspecialist"
        AMBULANT_BEGELEIDER = "ambulant_begeleider", "Ambulant begeleider"
        ONDERWIJSSPECIALIST = "onderwijsspecialist", "Onderwijsspecialist"
        LOGOPEDIST = "logopedist", "Logopedist"
        CJG_MEDEWERKER = "cjg_medewerker", "CJG-medewerker"

    naam = models.CharField("naam", max_length=200, validators=naam_validators)
    organisatie = models.CharField(
        "organisatie",
        max_length=200,
        validators=naam_validators,
        help_text="Waar de deskundige werkt, bijvoorbeeld de expertpool van het SWV, een so-school of het CJG.",
    )
    discipline = models.CharField("discipline", max_length=30, choices=Discipline.choices)
    expertises = models.ManyToManyField(Expertisethema, blank=True, verbose_name="expertisethema's")
    uren_beschikbaar = models.DecimalField(
        "uren beschikbaar per schooljaar",
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), "Het aantal uren kan niet negatief zijn.")],
    )
    email = models.EmailField("e-mailadres", blank=True)
    gebruiker = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deskundige_profielen",
        verbose_name="account",
    )
    # Where the expert works from, to suggest someone close to the school (travel distance).
    latitude = models.DecimalField(
        "breedtegraad standplaats",
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[validate_latitude],
    )
    longitude = models.DecimalField(
        "lengtegraad standplaats",
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[validate_longitude],
    )

    class Meta:
        verbose_name = "deskundige"
        verbose_name_plural = "deskundigen"
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.get_discipline_display().lower()})"

    def clean(self):
        errors = clean_all(super().clean, {})
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("longitude", []).append("Vul de breedte- én de lengtegraad in, of laat beide leeg.")
        if errors:
            raise ValidationError(errors)
