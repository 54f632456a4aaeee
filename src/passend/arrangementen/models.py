"""Support as it is delivered: arrangements granted by a decision, who provides what and how
many hours, the hours actually given, and the evaluations of the goals.

An arrangement's status is the newest row of its append-only history (ArrangementGebeurtenis);
hours given are Inzet rows, locked once the partnership closes the month; an evaluation, once
recorded, never changes.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passend.core.models import AppendOnlyQuerySet
from passend.core.validators import validate_geen_html

tekst_validators = [validate_geen_html]
NUL = Decimal("0")


class Soort(models.TextChoices):
    SCHOOLARRANGEMENT = "schoolarrangement", "Schoolarrangement"
    SPECIALISTISCHE_EXPERTISE = "specialistische_expertise", "Arrangement specialistische expertise"
    OA = "onderwijsarrangement", "Onderwijsarrangement (OA)"
    OJA = "onderwijs_jeugdhulparrangement", "Onderwijs-jeugdhulparrangement (OJA)"
    AANVULLEND = "aanvullend", "Aanvullend arrangement"
    DIAGNOSTISCH = "diagnostisch", "Diagnostisch arrangement"
    TIJDELIJKE_PLAATSING = "tijdelijke_plaatsing", "Tijdelijke plaatsing in het S(B)O"
    OBSERVATIEPLEK = "observatieplek", "Observatieplek"
    ONDERWIJSZORGARRANGEMENT = "onderwijszorgarrangement", "Onderwijs-zorgarrangement"
    KORTE_INTERVENTIE = "korte_interventie", "Korte interventie"
    MAATWERK_ONDERWIJSTIJD = "maatwerk_onderwijstijd", "Maatwerk in onderwijstijd (tijdelijk deels naar school)"


class Status(models.TextChoices):
    TOEGEKEND = "toegekend", "Toegekend"
    LOPEND = "lopend", "Lopend"
    GEEVALUEERD = "geevalueerd", "Geëvalueerd"
    VERLENGD = "verlengd", "Verlengd"
    BEEINDIGD = "beeindigd", "Beëindigd"


class Arrangement(models.Model):
    """A package of extra support for a pupil (or, a schoolarrangement, for a teacher, group,
    team or school), granted by a decision on an application within a traject."""

    class Ontvanger(models.TextChoices):
        LEERLING = "leerling", "De leerling"
        LEERKRACHT = "leerkracht", "De leerkracht of intern begeleider"
        OUDERS = "ouders", "De ouders"
        TEAM = "team", "Het schoolteam"

    class Plaats(models.TextChoices):
        EIGEN_SCHOOL = "eigen_school", "Op de eigen school"
        ANDERE_SCHOOL = "andere_school", "Op een andere school"
        SBO = "sbo", "Op een sbo-school"
        SO = "so", "Op een so-school"
        THUIS = "thuis", "Thuis"
        VOORZIENING = "voorziening", "In een voorziening (tussenvoorziening, observatieplek, …)"

    class Financiering(models.TextChoices):
        SWV = "swv", "Samenwerkingsverband"
        SCHOOL = "school", "School (eigen ondersteuningsbudget)"
        JEUGDHULP = "jeugdhulp", "Jeugdhulp"
        GEMEENTE = "gemeente", "Gemeente"

    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    traject = models.ForeignKey("trajecten.Traject", on_delete=models.PROTECT, related_name="arrangementen")
    besluit = models.ForeignKey("trajecten.Besluit", on_delete=models.PROTECT, related_name="arrangementen")
    leerling = models.ForeignKey(
        "leerlingen.Leerling", on_delete=models.PROTECT, null=True, blank=True, related_name="arrangementen"
    )
    school = models.ForeignKey("organisaties.School", on_delete=models.PROTECT, related_name="arrangementen")
    soort = models.CharField("soort arrangement", max_length=32, choices=Soort.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TOEGEKEND, editable=False)
    ontvangers = models.JSONField("voor wie", default=list, blank=True)  # checked by the service
    doel_omschrijving = models.TextField(
        "wat moet het arrangement bereiken", max_length=4000, validators=tekst_validators
    )
    activiteiten = models.TextField("activiteiten", max_length=4000, blank=True, validators=tekst_validators)
    plaats = models.CharField("waar", max_length=16, choices=Plaats.choices, default=Plaats.EIGEN_SCHOOL)
    plaats_school = models.ForeignKey(
        "organisaties.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="school"
    )
    plaats_voorziening = models.ForeignKey(
        "organisaties.Voorziening", on_delete=models.PROTECT, null=True, blank=True, verbose_name="voorziening"
    )
    rooster = models.CharField(
        "wanneer",
        max_length=200,
        blank=True,
        validators=tekst_validators,
        help_text="Bijvoorbeeld: drie ochtenden per week.",
    )
    startdatum = models.DateField("startdatum")
    einddatum = models.DateField("einddatum")
    materiaalbudget = models.DecimalField(
        "budget voor materialen (€)",
        max_digits=9,
        decimal_places=2,
        default=NUL,
        validators=[MinValueValidator(NUL, "Een budget kan niet negatief zijn.")],
    )
    financiering = models.CharField("betaald door", max_length=12, choices=Financiering.choices, default="swv")
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "arrangement"
        verbose_name_plural = "arrangementen"
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__gte=models.F("startdatum")), name="arrangement_periode"),
            models.CheckConstraint(condition=Q(materiaalbudget__gte=0), name="arrangement_budget_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.startdatum:%d-%m-%Y} tot {self.einddatum:%d-%m-%Y})"

    @property
    def ontvangers_labels(self) -> list[str]:
        labels = dict(self.Ontvanger.choices)
        return [labels[o] for o in self.ontvangers if o in labels]

    @property
    def is_afgesloten(self) -> bool:
        return self.status == Status.BEEINDIGD


class ArrangementGebeurtenis(models.Model):
    """One change in an arrangement's life: granted, started, evaluated, extended, ended, or
    switched between schoolarrangement and specialist expertise. Never changed or deleted."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="gebeurtenissen")
    status = models.CharField(max_length=12, choices=Status.choices)
    van_soort = models.CharField(max_length=32, choices=Soort.choices, blank=True)
    naar_soort = models.CharField(max_length=32, choices=Soort.choices, blank=True)
    einddatum = models.DateField(null=True, blank=True)  # the (new) end date, when it changed
    toelichting = models.TextField(max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    door_naam = models.CharField(max_length=200)
    op = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "gebeurtenis van een arrangement"
        verbose_name_plural = "gebeurtenissen van arrangementen"
        ordering = ["op", "id"]

    def __str__(self):
        return f"{self.get_status_display()} op {timezone.localtime(self.op):%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("De geschiedenis van een arrangement verandert niet.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("De geschiedenis van een arrangement wordt niet verwijderd.")


class ArrangementDoel(models.Model):
    """A goal of the arrangement, optionally the OPP goal it serves."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="doelen")
    omschrijving = models.TextField("doel", max_length=1000, validators=tekst_validators)
    opp_doel = models.ForeignKey(
        "dossier.OppDoel", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="doel uit het OPP"
    )
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doel van een arrangement"
        verbose_name_plural = "doelen van arrangementen"
        ordering = ["id"]

    def __str__(self):
        return self.omschrijving[:80]


class Aanbieder(models.Model):
    """Who provides (part of) the arrangement, with the hours planned for them."""

    class SoortAanbieder(models.TextChoices):
        DESKUNDIGE = "deskundige", "Deskundige uit de pool"
        SCHOOL = "school", "Een school"
        SBO_SO = "sbo_so", "Een sbo- of so-school"
        JEUGDHULP = "jeugdhulp", "Jeugdhulp"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="aanbieders")
    soort = models.CharField("soort aanbieder", max_length=12, choices=SoortAanbieder.choices)
    deskundige = models.ForeignKey(
        "organisaties.Deskundige", on_delete=models.PROTECT, null=True, blank=True, related_name="aanbiedingen"
    )
    naam = models.CharField("naam", max_length=200, validators=tekst_validators)
    uren_gepland = models.DecimalField(
        "geplande uren",
        max_digits=7,
        decimal_places=2,
        default=NUL,
        validators=[MinValueValidator(NUL, "Het aantal uren kan niet negatief zijn.")],
    )
    toegewezen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    toegewezen_op = models.DateTimeField(auto_now_add=True)
    beeindigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aanbieder"
        verbose_name_plural = "aanbieders"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(uren_gepland__gte=0), name="aanbieder_uren_niet_negatief"),
            models.CheckConstraint(
                condition=~Q(soort="deskundige") | Q(deskundige__isnull=False), name="aanbieder_deskundige_gekozen"
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def is_actief(self) -> bool:
        return self.beeindigd_op is None


class Inzet(models.Model):
    """Hours of support actually given, on a date, by one provider. Locked once the month is closed."""

    class Activiteit(models.TextChoices):
        OBSERVATIE = "observatie", "Observatie"
        BEGELEIDING_LEERLING = "begeleiding_leerling", "Begeleiding van de leerling"
        COACHING_LEERKRACHT = "coaching_leerkracht", "Coaching van de leerkracht"
        OUDERGESPREK = "oudergesprek", "Gesprek met de ouders"
        ONDERZOEK = "onderzoek", "Onderzoek / handelingsgerichte diagnostiek"
        CONSULTATIE = "consultatie", "Consultatie en overleg"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="inzet")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="inzet")
    datum = models.DateField("datum")
    activiteit = models.CharField("activiteit", max_length=24, choices=Activiteit.choices)
    uren = models.DecimalField(
        "uren",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"), "Vul minstens een kwartier (0,25 uur) in.")],
    )
    toelichting = models.CharField("toelichting", max_length=500, blank=True, validators=tekst_validators)
    geboekt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geboekt_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "inzet"
        verbose_name_plural = "inzet"
        ordering = ["-datum", "-id"]
        constraints = [models.CheckConstraint(condition=Q(uren__gt=0), name="inzet_uren_positief")]

    def __str__(self):
        return f"{self.get_activiteit_display()} op {self.datum:%d-%m-%Y}: {self.uren} uur"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Geboekte inzet verandert niet; boek een correctie als nieuwe regel.")
        super().save(*args, **kwargs)

    @property
    def leerling_id(self):
        return self.arrangement.leerling_id


class Materiaaluitgave(models.Model):
    """What was bought from the arrangement's budget for materials, on a date: spent on the
    partnership's ledger that day. Never changed, as the ledger entry it made is not."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="materiaaluitgaven")
    datum = models.DateField("datum van aankoop")
    bedrag = models.DecimalField(
        "bedrag (€)",
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "Vul een bedrag in van minstens € 0,01.")],
    )
    omschrijving = models.CharField("wat is er gekocht", max_length=200, validators=tekst_validators)
    geboekt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geboekt_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "uitgave voor materialen"
        verbose_name_plural = "uitgaven voor materialen"
        ordering = ["-datum", "-id"]
        constraints = [models.CheckConstraint(condition=Q(bedrag__gt=0), name="materiaaluitgave_positief")]

    def __str__(self):
        return f"{self.omschrijving} op {self.datum:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een geboekte uitgave verandert niet.")
        super().save(*args, **kwargs)

    @property
    def leerling_id(self):
        return self.arrangement.leerling_id


class Maandafsluiting(models.Model):
    """A month of a partnership closed for hours: no inzet with a date in it can be added."""

    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    jaar = models.PositiveSmallIntegerField()
    maand = models.PositiveSmallIntegerField()
    afgesloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    afgesloten_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "afgesloten maand"
        verbose_name_plural = "afgesloten maanden"
        ordering = ["-jaar", "-maand"]
        constraints = [
            models.UniqueConstraint(fields=["samenwerkingsverband", "jaar", "maand"], name="maand_een_keer_afgesloten"),
            models.CheckConstraint(condition=Q(maand__gte=1, maand__lte=12), name="maand_1_tot_12"),
        ]

    def __str__(self):
        return f"{self.maand:02d}-{self.jaar}"


class Evaluatie(models.Model):
    """A planned evaluation of an arrangement; recorded once, with a result per goal, the views
    of the teacher, the parents (their own short questionnaire) and the pupil, and an outcome."""

    class Moment(models.TextChoices):
        TUSSENTIJDS = "tussentijds", "Tussentijdse evaluatie"
        EIND = "eind", "Eindevaluatie"
        VOOR_TERUGKEER = "voor_terugkeer", "Evaluatie vóór de terugkeer"

    class Uitkomst(models.TextChoices):
        VOORTZETTEN = "voortzetten", "Voortzetten zoals afgesproken"
        DOELEN_BIJSTELLEN = "doelen_bijstellen", "Doelen bijstellen"
        NIEUWE_DOELEN = "nieuwe_doelen", "Nieuwe doelen toevoegen"
        BEEINDIGEN = "beeindigen", "Beëindigen"
        OPSCHALEN = "opschalen", "Opnieuw bespreken in een overleg (opschalen)"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="evaluaties")
    moment = models.CharField(max_length=16, choices=Moment.choices)
    gepland_op = models.DateField("uiterlijk")
    datum = models.DateField("gehouden op", null=True, blank=True)
    visie_leerkracht = models.TextField("wat vindt de leerkracht", max_length=4000, blank=True)
    visie_ouders = models.TextField("wat vinden de ouders", max_length=4000, blank=True)
    visie_leerling = models.TextField("wat vindt de leerling", max_length=4000, blank=True)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    toelichting = models.TextField("toelichting", max_length=4000, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgelegd_door_naam = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "evaluatie van een arrangement"
        verbose_name_plural = "evaluaties van arrangementen"
        ordering = ["gepland_op", "id"]

    def __str__(self):
        return f"{self.get_moment_display()} (uiterlijk {self.gepland_op:%d-%m-%Y})"

    @property
    def is_gehouden(self) -> bool:
        return self.datum is not None

    @property
    def is_te_laat(self) -> bool:
        return self.datum is None and self.gepland_op < timezone.localdate()

    @property
    def leerling_id(self):
        return self.arrangement.leerling_id


class EvaluatieDoel(models.Model):
    class Resultaat(models.TextChoices):
        BEHAALD = "behaald", "Behaald"
        DEELS = "deels", "Deels behaald"
        NIET = "niet", "Niet behaald"

    evaluatie = models.ForeignKey(Evaluatie, on_delete=models.PROTECT, related_name="resultaten")
    doel = models.ForeignKey(ArrangementDoel, on_delete=models.PROTECT, related_name="resultaten")
    resultaat = models.CharField(max_length=8, choices=Resultaat.choices)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "resultaat op een doel"
        verbose_name_plural = "resultaten op doelen"
        constraints = [models.UniqueConstraint(fields=["evaluatie", "doel"], name="resultaat_een_per_doel")]

    def __str__(self):
        return f"{self.doel}: {self.get_resultaat_display().lower()}"


class OuderVragenlijst(models.Model):
    """The parents' own short questionnaire on the arrangement, as part of an evaluation."""

    class Score(models.IntegerChoices):
        NEE = 1, "Nee"
        EEN_BEETJE = 2, "Een beetje"
        GROTENDEELS = 3, "Grotendeels"
        JA = 4, "Ja"

    evaluatie = models.ForeignKey(Evaluatie, on_delete=models.PROTECT, related_name="oudervragenlijsten")
    ouder = models.ForeignKey("leerlingen.Ouder", on_delete=models.PROTECT, related_name="+")
    helpt = models.PositiveSmallIntegerField("helpt het arrangement uw kind?", choices=Score.choices)
    betrokken = models.PositiveSmallIntegerField("voelt u zich betrokken?", choices=Score.choices)
    afspraken = models.PositiveSmallIntegerField("worden de afspraken nagekomen?", choices=Score.choices)
    opmerking = models.TextField("wat wilt u nog kwijt", max_length=2000, blank=True)
    ingevuld_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "vragenlijst van de ouders"
        verbose_name_plural = "vragenlijsten van de ouders"
        constraints = [models.UniqueConstraint(fields=["evaluatie", "ouder"], name="oudervragenlijst_een_per_ouder")]

    def __str__(self):
        return f"Vragenlijst van {self.ouder}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een ingevulde vragenlijst verandert niet.")
        super().save(*args, **kwargs)


# --- Toelaatbaarheidsverklaring -----------------------------------------------------------------


class Deskundigenadvies(models.Model):
    """One expert's own written advice on a TLV application. The law asks two, separate: one by an
    orthopedagoog or psycholoog, the second by an expert of an allowed discipline; neither may
    work at the applying school. A joint advice does not count."""

    aanvraag = models.ForeignKey("trajecten.Aanvraag", on_delete=models.PROTECT, related_name="deskundigenadviezen")
    deskundige = models.ForeignKey("organisaties.Deskundige", on_delete=models.PROTECT, related_name="adviezen")
    discipline = models.CharField("discipline", max_length=30)  # as it was when the advice was given
    advies = models.TextField("advies", max_length=8000)
    datum = models.DateField("datum van het advies")
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "deskundigenadvies"
        verbose_name_plural = "deskundigenadviezen"
        ordering = ["datum", "id"]
        constraints = [models.UniqueConstraint(fields=["aanvraag", "deskundige"], name="advies_een_per_deskundige")]

    def __str__(self):
        return f"Advies van {self.deskundige.naam}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een vastgelegd advies verandert niet.")
        super().save(*args, **kwargs)

    @property
    def leerling_id(self):
        return self.aanvraag.traject.leerling_id


class Tlv(models.Model):
    """The admission statement issued on a granted TLV application: type, SO category, period
    (or the whole school career), the receiving school, and for a temporary placement the
    planned return. Its number is the decision's."""

    class SoortTlv(models.TextChoices):
        SBO = "sbo", "Speciaal basisonderwijs (SBO)"
        SO = "so", "Speciaal onderwijs (SO)"

    class Categorie(models.TextChoices):
        LAAG = "laag", "Categorie 1 (laag)"
        MIDDEN = "midden", "Categorie 2 (midden)"
        HOOG = "hoog", "Categorie 3 (hoog)"

    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    besluit = models.OneToOneField("trajecten.Besluit", on_delete=models.PROTECT, related_name="tlv")
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.PROTECT, related_name="tlvs")
    soort = models.CharField("soort", max_length=4, choices=SoortTlv.choices)
    categorie = models.CharField("bekostigingscategorie", max_length=8, choices=Categorie.choices, blank=True)
    startdatum = models.DateField("geldig vanaf")
    einddatum = models.DateField("geldig tot en met", null=True, blank=True)
    hele_schoolloopbaan = models.BooleanField("voor de hele schoolloopbaan", default=False)
    ontvangende_school = models.ForeignKey(
        "organisaties.School",
        on_delete=models.PROTECT,
        related_name="ontvangen_tlvs",
        verbose_name="ontvangende school",
    )
    terugkeer_gepland_op = models.DateField("geplande terugkeer (tijdelijke plaatsing)", null=True, blank=True)
    afgegeven_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    afgegeven_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "toelaatbaarheidsverklaring"
        verbose_name_plural = "toelaatbaarheidsverklaringen"
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hele_schoolloopbaan=True, einddatum__isnull=True)
                | Q(hele_schoolloopbaan=False, einddatum__gte=models.F("startdatum")),
                name="tlv_periode",
            ),
            models.CheckConstraint(
                condition=Q(soort="so", categorie__in=["laag", "midden", "hoog"]) | Q(soort="sbo", categorie=""),
                name="tlv_categorie_alleen_so",
            ),
        ]

    def __str__(self):
        return f"TLV {self.besluit.nummer}"

    @property
    def nummer(self) -> str:
        return self.besluit.nummer


class Bezwaar(models.Model):
    """An objection to a decision: received within six weeks (or marked late), for a TLV
    forwarded with the file to the national commission (LBT) within 14 days, and its outcome."""

    class Uitkomst(models.TextChoices):
        GEGROND = "gegrond", "Gegrond: het besluit wordt herzien"
        ONGEGROND = "ongegrond", "Ongegrond: het besluit blijft"
        NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"
        INGETROKKEN = "ingetrokken", "Ingetrokken"

    besluit = models.ForeignKey("trajecten.Besluit", on_delete=models.PROTECT, related_name="bezwaren")
    ontvangen_op = models.DateField("ontvangen op")
    ingediend_door = models.CharField("ingediend door", max_length=200, validators=tekst_validators)
    gronden = models.TextField("gronden van het bezwaar", max_length=8000)
    doorgestuurd_op = models.DateField("doorgestuurd naar de LBT op", null=True, blank=True)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_op = models.DateField(null=True, blank=True)
    uitkomst_toelichting = models.TextField(max_length=4000, blank=True)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["-ontvangen_op", "-id"]

    def __str__(self):
        return f"Bezwaar tegen {self.besluit.nummer}"

    @property
    def is_te_laat(self) -> bool:
        return self.ontvangen_op > self.besluit.bezwaar_tot

    @property
    def samenwerkingsverband_id(self):
        return self.besluit.samenwerkingsverband_id

    @property
    def leerling_id(self):
        return self.besluit.aanvraag.traject.leerling_id

    @property
    def doorsturen_uiterlijk(self):
        from datetime import timedelta

        return self.ontvangen_op + timedelta(days=14)


class Plaatsingstaak(models.Model):
    """A dated task around a temporary placement (TOP, seed 004): observations by the receiving
    school before it, agreements four weeks before the return, observations after it, advice."""

    class SoortTaak(models.TextChoices):
        OBSERVATIE_VOOR = "observatie_voor", "Observatie door de ontvangende school"
        AFSPRAKEN_TERUGKEER = "afspraken_terugkeer", "Afspraken over de terugkeer"
        OBSERVATIE_NA = "observatie_na", "Observatie na de terugkeer"
        NAZORGADVIES = "nazorgadvies", "Advies voor de nazorg"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="plaatsingstaken")
    soort = models.CharField(max_length=20, choices=SoortTaak.choices)
    volgnummer = models.PositiveSmallIntegerField(default=1)
    uiterlijk = models.DateField("uiterlijk")
    gedaan_op = models.DateField(null=True, blank=True)
    gedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verslag = models.TextField("verslag", max_length=4000, blank=True)

    class Meta:
        verbose_name = "taak bij een plaatsing"
        verbose_name_plural = "taken bij plaatsingen"
        ordering = ["uiterlijk", "id"]

    def __str__(self):
        nummer = f" {self.volgnummer}" if self.soort in ("observatie_voor", "observatie_na") else ""
        return f"{self.get_soort_display()}{nummer}"
