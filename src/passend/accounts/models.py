from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passend.accounts.roles import PROFESSIONELE_ROLLEN, Niveau, Rol, niveau_van
from passend.core.validators import validate_geen_html


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who signs in. What they may do follows from their Lidmaatschappen only;
    there is no superuser that bypasses the policies."""

    email = models.EmailField("e-mailadres", unique=True)
    naam = models.CharField("naam", max_length=200, validators=[validate_geen_html])
    is_active = models.BooleanField("actief", default=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["naam"]

    def __str__(self):
        return self.naam or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def actieve_lidmaatschappen(self) -> list["Lidmaatschap"]:
        """Memberships valid today; cached per user object (one query per request)."""
        cache = self.__dict__.get("_actieve_lidmaatschappen")
        if cache is None:
            cache = list(
                Lidmaatschap.objects.actief()
                .filter(user=self)
                .select_related("samenwerkingsverband", "deelverband", "schoolbestuur", "school")
            )
            self.__dict__["_actieve_lidmaatschappen"] = cache
        return cache

    def forget_lidmaatschappen(self) -> None:
        self.__dict__.pop("_actieve_lidmaatschappen", None)

    @property
    def is_professional(self) -> bool:
        return any(lid.rol in PROFESSIONELE_ROLLEN for lid in self.actieve_lidmaatschappen)

    def rollen(self) -> set[str]:
        return {lid.rol for lid in self.actieve_lidmaatschappen}


class LidmaatschapQuerySet(models.QuerySet):
    def actief(self, op=None):
        op = op or timezone.localdate()
        return self.filter(Q(geldig_van__lte=op), Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))


class Lidmaatschap(models.Model):
    """A user's role at one organisation for a period. One person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lidmaatschappen", verbose_name="gebruiker")
    rol = models.CharField("rol", max_length=30, choices=Rol.choices)
    samenwerkingsverband = models.ForeignKey(
        "organisaties.Samenwerkingsverband", on_delete=models.PROTECT, related_name="lidmaatschappen"
    )
    deelverband = models.ForeignKey(
        "organisaties.Deelverband", on_delete=models.PROTECT, null=True, blank=True, related_name="lidmaatschappen"
    )
    schoolbestuur = models.ForeignKey(
        "organisaties.Schoolbestuur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lidmaatschappen",
        verbose_name="schoolbestuur",
    )
    school = models.ForeignKey(
        "organisaties.School", on_delete=models.PROTECT, null=True, blank=True, related_name="lidmaatschappen"
    )
    geldig_van = models.DateField("geldig vanaf", default=timezone.localdate)
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["samenwerkingsverband_id", "rol", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="lidmaatschap_periode_geldig",
            ),
            models.CheckConstraint(
                condition=(
                    Q(school__isnull=True, schoolbestuur__isnull=True)
                    | Q(school__isnull=True, deelverband__isnull=True)
                    | Q(schoolbestuur__isnull=True, deelverband__isnull=True)
                ),
                name="lidmaatschap_een_organisatie",
            ),
        ]

    def __str__(self):
        return f"{self.get_rol_display()} — {self.organisatie}"

    @property
    def niveau(self) -> str:
        return niveau_van(self.rol)

    @property
    def organisatie(self):
        return {
            Niveau.SCHOOL: self.school,
            Niveau.SCHOOLBESTUUR: self.schoolbestuur,
            Niveau.DEELVERBAND: self.deelverband,
        }.get(self.niveau) or self.samenwerkingsverband

    def is_actief(self, op=None) -> bool:
        op = op or timezone.localdate()
        return self.geldig_van <= op and (self.geldig_tot is None or self.geldig_tot >= op)

    def clean(self):
        errors = {}
        if self.geldig_tot and self.geldig_van and self.geldig_tot < self.geldig_van:
            errors["geldig_tot"] = "De einddatum ligt vóór de begindatum."
        niveau = self.niveau
        vereist = {Niveau.SCHOOL: "school", Niveau.SCHOOLBESTUUR: "schoolbestuur", Niveau.DEELVERBAND: "deelverband"}
        for veld_niveau, veld in vereist.items():
            waarde = getattr(self, f"{veld}_id")
            if veld_niveau == niveau and waarde is None:
                lidwoord = "de" if veld == "school" else "het"
                errors[veld] = f"Kies {lidwoord} {veld} waar deze rol bij hoort."
            elif veld_niveau != niveau and waarde is not None:
                errors[veld] = f"De rol {self.get_rol_display().lower()} hoort niet bij een {veld}."
        organisatie = getattr(self, vereist.get(niveau, ""), None) if niveau in vereist else None
        if organisatie is not None and organisatie.samenwerkingsverband_id != self.samenwerkingsverband_id:
            errors[vereist[niveau]] = "Deze organisatie hoort niet bij dit samenwerkingsverband."
        if errors:
            raise ValidationError(errors)
