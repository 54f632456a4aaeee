"""An export of key figures that is made in the background (django-tasks) and downloaded once it
is ready, by the person who asked for it only. The file is kept in the database (ADR 0011) and
removed after PASSEND_EXPORT_DAGEN days."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from passend.accounts.roles import Rol
from passend.organisaties.models import TenantModel


class Rapportexport(TenantModel):
    class Soort(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel-werkboek"

    class Status(models.TextChoices):
        WACHTEND = "wachtend", "Wacht op zijn beurt"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    CONTENT_TYPES = {
        Soort.PDF: "application/pdf",
        Soort.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rapportexports",
        verbose_name="aangevraagd door",
    )
    # The role that allowed it, kept as text: the membership may end, the record of who asked as what stays.
    rol = models.CharField("rol", max_length=30, choices=Rol.choices)
    lidmaatschap = models.ForeignKey(
        "accounts.Lidmaatschap", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the report is about: a school year and the part of the partnership (the Filter's parts).
    schooljaar = models.PositiveSmallIntegerField("schooljaar (het jaar waarin het begint)")
    deelverband = models.ForeignKey(
        "organisaties.Deelverband", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    schoolbestuur = models.ForeignKey(
        "organisaties.Schoolbestuur", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey("organisaties.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    soort = models.CharField("soort", max_length=4, choices=Soort.choices)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.WACHTEND)
    voortgang = models.PositiveSmallIntegerField("voortgang (%)", default=0, validators=[MaxValueValidator(100)])
    tekst = models.CharField("stand van zaken", max_length=200, blank=True)
    onderwerp = models.CharField("over", max_length=300, blank=True)
    inhoud = models.BinaryField("bestand", null=True, blank=True, editable=False)
    grootte = models.PositiveIntegerField("grootte in bytes", default=0)
    taak_id = models.CharField("taak", max_length=64, blank=True)
    aangemaakt_op = models.DateTimeField("aangevraagd op", auto_now_add=True, db_index=True)
    klaar_op = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "rapportexport"
        verbose_name_plural = "rapportexports"
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [models.Index(fields=["aangevraagd_door", "-aangemaakt_op"], name="rapportexport_van_gebruiker")]
        constraints = [
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="rapportexport_voortgang_tot_100"),
            models.CheckConstraint(
                condition=~Q(status="klaar") | Q(inhoud__isnull=False, klaar_op__isnull=False),
                name="rapportexport_klaar_heeft_bestand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.get_soort_display()})"

    @property
    def titel(self) -> str:
        return f"Jaarverslag kengetallen {self.schooljaar}-{self.schooljaar + 1}"

    @property
    def bezig(self) -> bool:
        return self.status in (self.Status.WACHTEND, self.Status.BEZIG)

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.soort]

    @property
    def bestandsnaam(self) -> str:
        return f"jaarverslag-kengetallen-{self.schooljaar}-{self.schooljaar + 1}-{self.pk}.{self.soort}"

    @property
    def scope(self) -> dict:
        return {
            "deelverband_id": self.deelverband_id,
            "schoolbestuur_id": self.schoolbestuur_id,
            "school_id": self.school_id,
        }
