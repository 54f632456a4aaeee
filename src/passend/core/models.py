from django.apps import apps
from django.db import models

# Audit object types that are not models.
OBJECT_TYPES = {"organisaties.netwerk": "dekkend netwerk", "request": "pagina of API-aanroep"}


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that record what happened (audit, decisions, history) are never changed in bulk."""

    def update(self, **kwargs):
        raise TypeError("Deze regels zijn onveranderlijk; leg een nieuwe regel vast.")

    def delete(self):
        raise TypeError("Deze regels worden niet verwijderd.")

    # Bulk paths that would bypass save():
    def bulk_update(self, *args, **kwargs):
        raise TypeError("Deze regels zijn onveranderlijk; leg een nieuwe regel vast.")

    def update_or_create(self, *args, **kwargs):
        raise TypeError("Deze regels zijn onveranderlijk; leg een nieuwe regel vast.")


class AuditEvent(models.Model):
    """One access to or change of (personal) data, in the spirit of NEN 7513.

    People and objects are stored as ids plus a label taken at the time, not as foreign
    keys: a row must outlive the user, organisation or pupil it describes.
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Ingelogd"
        LOGOUT = "logout", "Uitgelogd"
        LOGIN_FAILED = "login_failed", "Inloggen mislukt"
        LOCKOUT = "lockout", "Account geblokkeerd"
        OTP_ENROLLED = "otp_enrolled", "Tweestapsverificatie ingesteld"
        OTP_VERIFIED = "otp_verified", "Tweestapsverificatie geslaagd"
        OTP_FAILED = "otp_failed", "Tweestapsverificatie mislukt"
        PASSWORD_RESET = "password_reset", "Wachtwoord opnieuw ingesteld"
        VIEW = "view", "Bekeken"
        SEARCH = "search", "Gezocht / lijst bekeken"
        CREATE = "create", "Aangemaakt"
        UPDATE = "update", "Gewijzigd"
        DELETE = "delete", "Verwijderd"
        EXPORT = "export", "Geëxporteerd"
        PRINT = "print", "Afgedrukt"
        ROLE_CHANGE = "role_change", "Rol gewijzigd"
        ACCESS_DENIED = "access_denied", "Toegang geweigerd"
        EMERGENCY = "emergency", "Noodtoegang"

    class Result(models.TextChoices):
        SUCCESS = "success", "Gelukt"
        DENIED = "denied", "Geweigerd"
        FAILURE = "failure", "Mislukt"

    timestamp = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=300, blank=True)
    on_behalf_of = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=40, blank=True)
    role_organisation = models.CharField(max_length=300, blank=True)
    samenwerkingsverband_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    leerling_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.SUCCESS)
    reason = models.CharField(max_length=300, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    origin_ip = models.GenericIPAddressField(null=True, blank=True)
    origin_path = models.CharField(max_length=500, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["samenwerkingsverband_id", "-timestamp"])]
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Auditregels zijn onveranderlijk.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Auditregels worden nooit verwijderd.")

    @property
    def object_description(self) -> str:
        """What was touched, in words a beheerder reads: the label, else the kind's Dutch name."""
        if self.object_label:
            return self.object_label
        try:
            return apps.get_model(self.object_type)._meta.verbose_name_plural
        except (LookupError, ValueError):
            return OBJECT_TYPES.get(self.object_type, self.object_type)

    @property
    def role_label(self) -> str:
        from passend.accounts.roles import Rol

        return Rol(self.role).label if self.role in Rol.values else self.role


class SubmitToken(models.Model):
    """A form token or API Idempotency-Key that has been used once (passend.core.eenmalig).

    The unique constraint is the lock: of two requests with the same key, only one insert
    succeeds, on every database and under any concurrency. The key is a hash, so a client
    cannot make a row longer than 64 characters. Rows live a day.
    """

    user_id = models.BigIntegerField()
    key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="core_submittoken_unique_per_user")]
        verbose_name = "verstuurd formulier"
        verbose_name_plural = "verstuurde formulieren"

    def __str__(self):
        return f"{self.user_id}:{self.key[:8]}"


class Volgnummer(models.Model):
    """The last number handed out in a series (e.g. decision numbers of one partnership in one
    year). Taken only through core.nummering, under a row lock, so no number is given twice."""

    samenwerkingsverband = models.ForeignKey("organisaties.Samenwerkingsverband", on_delete=models.PROTECT)
    reeks = models.CharField(max_length=30)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "volgnummer"
        verbose_name_plural = "volgnummers"
        constraints = [
            models.UniqueConstraint(fields=["samenwerkingsverband", "reeks", "jaar"], name="volgnummer_uniek"),
            models.CheckConstraint(condition=models.Q(laatste__gte=0), name="volgnummer_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.reeks} {self.jaar}: {self.laatste}"
