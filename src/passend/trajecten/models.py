"""Routes as data and the trajecten that run on them.

A Route belongs to one partnership and has numbered, immutable versions (RouteVersie): the
YAML text as the beheerder wrote it, and the steps (Stap) read from it. Saving a route makes
a new version; a traject keeps the version it started on, so a change never moves a running
traject. A Traject changes only through the engine (services.traject_advance), which writes
one Gebeurtenis per transition: the history is append-only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passend.core.models import AppendOnlyQuerySet
from passend.core.validators import validate_geen_html
from passend.trajecten.routebestand import (
    AANVRAAG_SOORTEN,
    ASPECTEN,
    BESLISREGELS,
    BESLUIT_UITKOMSTEN,
    NIVEAU_LABELS,
    NIVEAUS,
    OVERLEG_SOORTEN,
    PARTIJEN,
)

tekst_validators = [validate_geen_html]


class Route(models.Model):
    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    code = models.SlugField("code", max_length=50)
    naam = models.CharField("naam", max_length=200)
    in_gebruik = models.BooleanField(
        "in gebruik", default=True, help_text="Alleen routes in gebruik zijn te kiezen bij een nieuw traject."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "route"
        verbose_name_plural = "routes"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["samenwerkingsverband", "code"], name="route_code_uniek")]

    def __str__(self):
        return self.naam


class RouteVersie(models.Model):
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="versies")
    nummer = models.PositiveIntegerField()
    bron = models.TextField("routebestand (YAML)")
    naam = models.CharField(max_length=500)
    beschrijving = models.TextField()
    herkomst = models.CharField("bron", max_length=500)
    casusregisseur_rollen = models.JSONField(default=list)
    start = models.CharField(max_length=50)
    evaluatie = models.JSONField(default=dict)  # the cadence of the arrangements' evaluations
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    toelichting = models.CharField("wat is er veranderd", max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "routeversie"
        verbose_name_plural = "routeversies"
        ordering = ["route", "-nummer"]
        constraints = [models.UniqueConstraint(fields=["route", "nummer"], name="routeversie_uniek")]

    def __str__(self):
        return f"{self.naam}, versie {self.nummer}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een routeversie verandert niet; sla de route op als nieuwe versie.")
        super().save(*args, **kwargs)


class Stap(models.Model):
    versie = models.ForeignKey(RouteVersie, on_delete=models.PROTECT, related_name="stappen")
    volgorde = models.PositiveIntegerField()
    code = models.CharField(max_length=50)
    naam = models.CharField(max_length=500)
    toelichting = models.TextField(blank=True)
    aspect = models.PositiveSmallIntegerField(choices=sorted(ASPECTEN.items()))
    bij = models.CharField(max_length=25, choices=[(n, NIVEAU_LABELS[n]) for n in NIVEAUS], default="school")
    rollen = models.JSONField(default=list)
    voorwaarden = models.JSONField(default=list)
    overleg = models.CharField(max_length=30, blank=True, choices=sorted(OVERLEG_SOORTEN.items()))
    beslisregel = models.CharField(max_length=20, choices=sorted(BESLISREGELS.items()), default="geen")
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    partijen = models.JSONField(default=list)
    termijn_dagen = models.PositiveSmallIntegerField(null=True, blank=True)
    herinneringen = models.JSONField(default=list)
    uitkomsten = models.JSONField(
        default=list
    )  # [{code, naam, naar, voorwaarden?, ook_zonder_besluit?, indienen?, besluit?}]
    aanvragen = models.JSONField(default=list)  # the kinds of application the school may draw up in this step

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "stap"
        verbose_name_plural = "stappen"
        ordering = ["versie", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["versie", "code"], name="stap_code_uniek")]

    def __str__(self):
        return self.naam

    def uitkomst(self, code: str) -> dict | None:
        return next((u for u in self.uitkomsten if u["code"] == code), None)

    @property
    def aspect_label(self) -> str:
        return ASPECTEN[self.aspect]

    @property
    def partijen_labels(self) -> list[str]:
        return [PARTIJEN[p] for p in self.partijen]

    @property
    def aanvragen_labels(self) -> list[str]:
        return [AANVRAAG_SOORTEN[a] for a in self.aanvragen]


class TrajectQuerySet(models.QuerySet):
    def lopend(self):
        return self.filter(status=Traject.Status.LOPEND)


class Traject(models.Model):
    """One episode of extra support for one pupil, or (schoolarrangement) for a school."""

    class Status(models.TextChoices):
        LOPEND = "lopend", "Lopend"
        AFGESLOTEN = "afgesloten", "Afgesloten"

    class Onderwerp(models.TextChoices):
        LEERLING = "leerling", "Een leerling"
        LEERKRACHT = "leerkracht", "De leerkracht of intern begeleider"
        GROEP = "groep", "Een groep (groepsdynamiek)"
        TEAM = "team", "Het schoolteam"
        SCHOOLORGANISATIE = "schoolorganisatie", "De schoolorganisatie"

    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    school = models.ForeignKey("organisaties.School", on_delete=models.PROTECT, related_name="trajecten")
    leerling = models.ForeignKey(
        "leerlingen.Leerling", on_delete=models.PROTECT, null=True, blank=True, related_name="trajecten"
    )
    onderwerp = models.CharField("waarover gaat de vraag", max_length=20, choices=Onderwerp.choices)
    vraag = models.TextField("ondersteuningsvraag", max_length=4000, validators=tekst_validators)
    route_versie = models.ForeignKey(RouteVersie, on_delete=models.PROTECT, related_name="trajecten")
    stap = models.ForeignKey(Stap, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    stap_sinds = models.DateTimeField(default=timezone.now)
    termijn = models.DateField("uiterlijk", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.LOPEND)
    # The highest level the traject has reached: from here on the people at that level see it.
    niveau = models.CharField(max_length=25, choices=[(n, NIVEAU_LABELS[n]) for n in NIVEAUS], default="school")
    ingediend_op = models.DateTimeField("ingediend bij het samenwerkingsverband", null=True, blank=True)
    casusregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(onderwerp="leerling", leerling__isnull=False) | ~Q(onderwerp="leerling"),
                name="traject_leerling_bij_onderwerp_leerling",
            ),
            models.CheckConstraint(
                condition=Q(status="afgesloten", stap__isnull=True) | Q(status="lopend", stap__isnull=False),
                name="traject_stap_bij_status",
            ),
        ]

    def __str__(self):
        return f"Traject {self.pk}"

    @property
    def titel(self) -> str:
        if self.leerling_id:
            return f"{self.route_versie.naam}: {self.leerling.naam}"
        return f"{self.route_versie.naam}: {self.get_onderwerp_display().lower()}, {self.school.naam}"

    @property
    def is_te_laat(self) -> bool:
        return self.termijn is not None and self.termijn < timezone.localdate() and self.status == self.Status.LOPEND


class Gebeurtenis(models.Model):
    """One transition of a traject: who, when, from, to, outcome, why. Never changed."""

    class Soort(models.TextChoices):
        GESTART = "gestart", "Gestart"
        OVERGANG = "overgang", "Stap gezet"
        AFGESLOTEN = "afgesloten", "Afgesloten"
        REGIE = "regie", "Casusregisseur gewijzigd"

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="gebeurtenissen")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    op = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    door_naam = models.CharField(max_length=200)
    rol = models.CharField(max_length=40)
    van_stap = models.CharField(max_length=50, blank=True)
    van_stap_naam = models.CharField(max_length=500, blank=True)
    naar_stap = models.CharField(max_length=50, blank=True)
    naar_stap_naam = models.CharField(max_length=500, blank=True)
    uitkomst = models.CharField(max_length=50, blank=True)
    uitkomst_naam = models.CharField(max_length=500, blank=True)
    motivatie = models.TextField(blank=True, max_length=4000)
    overleg = models.ForeignKey("Overleg", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["op", "id"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.van_stap} → {self.naar_stap}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("De geschiedenis van een traject verandert niet.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("De geschiedenis van een traject wordt niet verwijderd.")


class Betrokkene(models.Model):
    """Someone involved in the traject: school staff, parents, the pupil, experts, externals.

    A betrokkene with an account sees the traject; an external only until `geldig_tot`
    (and, for a pupil's traject, only while the parents' consent to involve externals holds)."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="betrokkenen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    deskundige = models.ForeignKey("organisaties.Deskundige", on_delete=models.PROTECT, null=True, blank=True)
    naam = models.CharField("naam", max_length=200, validators=tekst_validators)
    functie = models.CharField("functie", max_length=200, blank=True, validators=tekst_validators)
    partij = models.CharField("namens", max_length=12, choices=sorted(PARTIJEN.items()))
    geldig_tot = models.DateField("betrokken tot en met", null=True, blank=True)
    beeindigd_op = models.DateTimeField(null=True, blank=True)
    toegevoegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        ordering = ["id"]

    def __str__(self):
        return self.naam

    def is_actief(self, op=None) -> bool:
        op = op or timezone.localdate()
        return self.beeindigd_op is None and (self.geldig_tot is None or self.geldig_tot >= op)


class Signaal(models.Model):
    """What started the traject: who signalled, why, and what was already tried."""

    class Door(models.TextChoices):
        LEERKRACHT = "leerkracht", "Leerkracht"
        OUDERS = "ouders", "Ouders"
        LEERLING = "leerling", "De leerling zelf"
        IB = "ib", "Intern begeleider"
        DIRECTEUR = "directeur", "Directeur"
        JEUGDARTS = "jeugdarts", "Jeugdarts"
        LEERPLICHT = "leerplicht", "Leerplichtambtenaar"
        ANDERS = "anders", "Iemand anders"

    class Reden(models.TextChoices):
        HANDELINGSVERLEGENHEID = "handelingsverlegenheid", "Handelingsverlegenheid van leerkracht of school"
        MISMATCH = "mismatch", "Onderwijsbehoeften en aanbod sluiten niet aan"
        VRAAG_OUDERS = "vraag_ouders", "Vraag van de ouders"
        THUISZITTEN = "thuiszitten", "Thuiszitten of dreigend thuiszitten"
        SCHOOLVRAAG = "schoolvraag", "Ondersteuningsvraag van de school (leerkracht, groep, team)"
        ANDERS = "anders", "Anders"

    traject = models.OneToOneField(Traject, on_delete=models.PROTECT, related_name="signaal")
    door = models.CharField("wie signaleerde", max_length=20, choices=Door.choices)
    reden = models.CharField("reden", max_length=30, choices=Reden.choices)
    toelichting = models.TextField("wat is er aan de hand", max_length=4000, validators=tekst_validators)
    al_geprobeerd = models.TextField("wat is al geprobeerd", max_length=4000, blank=True, validators=tekst_validators)
    datum = models.DateField("gesignaleerd op", default=timezone.localdate)

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"

    def __str__(self):
        return f"Signaal: {self.get_reden_display()}"


class Overleg(models.Model):
    """A meeting about a traject: an MDO, a commission, a driegesprek, …"""

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        BESLOTEN = "besloten", "Besluit vastgelegd"

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="overleggen")
    stap = models.ForeignKey(Stap, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField("soort overleg", max_length=30, choices=sorted(OVERLEG_SOORTEN.items()))
    datum = models.DateTimeField("datum en tijd")
    locatie = models.CharField("plaats", max_length=200, blank=True, validators=tekst_validators)
    agenda = models.TextField("agenda", max_length=8000, blank=True, validators=tekst_validators)
    verslag = models.TextField("verslag", max_length=20000, blank=True, validators=tekst_validators)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GEPLAND)
    voorzitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "overleg"
        verbose_name_plural = "overleggen"
        ordering = ["-datum", "-id"]

    def __str__(self):
        return f"{self.get_soort_display()} van {timezone.localtime(self.datum):%d-%m-%Y}"


class Deelnemer(models.Model):
    """Who takes part in a meeting, on whose behalf, and (for a decision) whether they agree."""

    class Standpunt(models.TextChoices):
        AKKOORD = "akkoord", "Akkoord"
        NIET_AKKOORD = "niet_akkoord", "Niet akkoord"
        ONTHOUDING = "onthouding", "Onthoudt zich"

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="deelnemers")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    deskundige = models.ForeignKey("organisaties.Deskundige", on_delete=models.PROTECT, null=True, blank=True)
    naam = models.CharField("naam", max_length=200, validators=tekst_validators)
    functie = models.CharField("functie", max_length=200, blank=True, validators=tekst_validators)
    partij = models.CharField("namens", max_length=12, choices=sorted(PARTIJEN.items()))
    stemgerechtigd = models.BooleanField("stemgerechtigd commissielid", default=False)
    aanwezig = models.BooleanField("aanwezig", default=True)
    standpunt = models.CharField(max_length=12, choices=Standpunt.choices, blank=True)
    advies = models.TextField("eigen schriftelijk advies", max_length=8000, blank=True, validators=tekst_validators)

    class Meta:
        verbose_name = "deelnemer"
        verbose_name_plural = "deelnemers"
        ordering = ["id"]

    def __str__(self):
        return self.naam

    @property
    def discipline(self) -> str:
        return self.deskundige.discipline if self.deskundige_id else ""


class Besluitvorming(models.Model):
    """The decision a meeting took: the outcome chosen and each participant's position then.

    Frozen when recorded: `standpunten` keeps [{deelnemer, naam, partij, standpunt}] as it was."""

    overleg = models.OneToOneField(Overleg, on_delete=models.PROTECT, related_name="besluitvorming")
    uitkomst = models.CharField(max_length=50)
    uitkomst_naam = models.CharField(max_length=500)
    motivatie = models.TextField(max_length=4000)
    standpunten = models.JSONField(default=list)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "besluitvorming"
        verbose_name_plural = "besluitvormingen"

    def __str__(self):
        return f"Besluit: {self.uitkomst_naam}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een vastgelegd besluit verandert niet.")
        super().save(*args, **kwargs)


class Afspraak(models.Model):
    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="afspraken")
    wat = models.CharField("afspraak", max_length=500, validators=tekst_validators)
    wie = models.CharField("wie", max_length=200, validators=tekst_validators)
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    uiterlijk = models.DateField("uiterlijk", null=True, blank=True)
    gereed_op = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "afspraak"
        verbose_name_plural = "afspraken"
        ordering = ["uiterlijk", "id"]

    def __str__(self):
        return self.wat


class Aanvraag(models.Model):
    """An application within a traject: internal to the school (concept) until submitted by an
    outcome of the route marked `indienen`; decided by an outcome marked `besluit`. A submitted
    application never changes: a route that sends it back lets the school draw up a new one."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept (alleen de school)"
        INGEDIEND = "ingediend", "Ingediend"
        BESLOTEN = "besloten", "Besloten"
        VERVALLEN = "vervallen", "Vervallen"

    class TlvCategorie(models.TextChoices):
        LAAG = "laag", "Categorie 1 (laag)"
        MIDDEN = "midden", "Categorie 2 (midden)"
        HOOG = "hoog", "Categorie 3 (hoog)"

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="aanvragen")
    soort = models.CharField("soort aanvraag", max_length=30, choices=list(AANVRAAG_SOORTEN.items()))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    ondersteuningsvraag = models.TextField(
        "ondersteuningsvraag",
        max_length=4000,
        validators=tekst_validators,
        help_text="Wat is de vraag: wat heeft de leerling (of de school) nodig dat er nu niet is?",
    )
    gevraagd = models.TextField(
        "wat vraagt de school",
        max_length=4000,
        blank=True,
        validators=tekst_validators,
        help_text="Welke ondersteuning, expertise of plaats, hoe vaak en hoe lang.",
    )
    onderbouwing = models.TextField(
        "onderbouwing",
        max_length=8000,
        blank=True,
        validators=tekst_validators,
        help_text="Wat is al gedaan, met welk resultaat, en waarom is dit nu nodig.",
    )
    expertisethema = models.ForeignKey(
        "organisaties.Expertisethema", on_delete=models.PROTECT, null=True, blank=True, verbose_name="expertisethema"
    )
    tlv_categorie = models.CharField(
        "gevraagde bekostigingscategorie", max_length=10, choices=TlvCategorie.choices, blank=True
    )
    ouders_gehoord_op = models.DateField("ouders geïnformeerd en gehoord op", null=True, blank=True)
    zienswijze_ouders = models.TextField(
        "zienswijze van de ouders", max_length=4000, blank=True, validators=tekst_validators
    )
    zienswijze_door_ouder = models.BooleanField(default=False, editable=False)
    directeur_akkoord_op = models.DateTimeField(null=True, blank=True, editable=False)
    directeur_akkoord_naam = models.CharField(max_length=200, blank=True, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            # One application at a time per traject: the one the next outcomes act on.
            models.UniqueConstraint(
                fields=["traject"],
                condition=Q(status__in=["concept", "ingediend"]),
                name="aanvraag_een_open_per_traject",
            ),
            models.CheckConstraint(
                condition=Q(status="concept", ingediend_op__isnull=True)
                | Q(status__in=["ingediend", "besloten"], ingediend_op__isnull=False)
                | Q(status="vervallen"),
                name="aanvraag_ingediend_op_bij_status",
            ),
        ]

    def __str__(self):
        return f"Aanvraag {self.get_soort_display().lower()}"

    @property
    def leerling_id(self):
        return self.traject.leerling_id

    @property
    def samenwerkingsverband_id(self):
        return self.traject.samenwerkingsverband_id

    @property
    def is_tlv(self) -> bool:
        return self.soort in ("tlv_sbo", "tlv_so")


class Besluit(models.Model):
    """The decision on an application, with its number, motivation and objection period.
    Written once by the engine when an outcome marked `besluit` is taken; never changed."""

    aanvraag = models.OneToOneField(Aanvraag, on_delete=models.PROTECT, related_name="besluit")
    nummer = models.CharField("besluitnummer", max_length=20)
    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="+"
    )
    uitkomst = models.CharField(max_length=12, choices=list(BESLUIT_UITKOMSTEN.items()))
    inhoud = models.CharField("wat is besloten", max_length=500)
    motivatie = models.TextField("motivering", max_length=4000)
    datum = models.DateField("datum besluit")
    bezwaar_tot = models.DateField("bezwaar mogelijk tot en met")
    genomen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    genomen_door_naam = models.CharField(max_length=200)
    rol = models.CharField(max_length=40)
    overleg = models.ForeignKey(Overleg, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gebeurtenis = models.OneToOneField(Gebeurtenis, on_delete=models.PROTECT, related_name="besluit")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        ordering = ["-datum", "-id"]
        constraints = [models.UniqueConstraint(fields=["samenwerkingsverband", "nummer"], name="besluit_nummer_uniek")]

    def __str__(self):
        return f"Besluit {self.nummer}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een besluit verandert niet; een nieuw besluit volgt op een nieuwe aanvraag.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Een besluit wordt niet verwijderd.")

    @property
    def leerling_id(self):
        return self.aanvraag.traject.leerling_id


class Herinnering(models.Model):
    """An e-mail reminder sent to one user about one step's deadline: the record that lets the
    daily run (manage.py stuur_herinneringen) send each reminder once. Never changed.

    `dagen_voor` is how many days before the deadline it was sent (one of the step's
    `herinneringen`); None for the one reminder on the first day after the deadline."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="herinneringen")
    stap = models.ForeignKey(Stap, on_delete=models.PROTECT, related_name="+")
    termijn = models.DateField("termijn van de stap")
    dagen_voor = models.PositiveSmallIntegerField(null=True, blank=True)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField("verstuurd op (dag)")
    verstuurd_op = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"
        ordering = ["-verstuurd_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "stap", "termijn", "gebruiker", "datum"], name="herinnering_een_per_dag"
            )
        ]

    def __str__(self):
        return f"Herinnering aan traject {self.traject_id} ({self.datum:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Een verstuurde herinnering verandert niet.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Een verstuurde herinnering wordt niet verwijderd.")
