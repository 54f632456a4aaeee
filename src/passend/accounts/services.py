"""Writes to accounts and roles. Every role change is audited as such."""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.core import audit
from passend.core.services import require


def _lidmaatschap_detail(lid: Lidmaatschap) -> dict:
    return {
        "gebruiker": lid.user.email,
        "rol": lid.rol,
        "organisatie": str(lid.organisatie),
        "geldig_van": str(lid.geldig_van),
        "geldig_tot": str(lid.geldig_tot or ""),
    }


@transaction.atomic
def lidmaatschap_add(
    *,
    actor,
    user: User,
    samenwerkingsverband,
    rol: str,
    school=None,
    schoolbestuur=None,
    deelverband=None,
    geldig_van=None,
    geldig_tot=None,
) -> Lidmaatschap:
    grant = require(actor, "accounts.manage_users", samenwerkingsverband)
    lid = Lidmaatschap(
        user=user,
        rol=rol,
        samenwerkingsverband=samenwerkingsverband,
        school=school,
        schoolbestuur=schoolbestuur,
        deelverband=deelverband,
        geldig_van=geldig_van or timezone.localdate(),
        geldig_tot=geldig_tot,
    )
    lid.full_clean()
    lid.save()
    user.forget_lidmaatschappen()
    audit.log(audit.Action.ROLE_CHANGE, obj=lid, grant=grant, detail={"toegekend": _lidmaatschap_detail(lid)})
    return lid


@transaction.atomic
def lidmaatschap_end(*, actor, lidmaatschap: Lidmaatschap, per=None) -> Lidmaatschap:
    """End a role: it stays visible as history, valid up to and including `per`."""
    grant = require(actor, "accounts.manage_users", lidmaatschap.samenwerkingsverband)
    lid = Lidmaatschap.objects.select_for_update().get(pk=lidmaatschap.pk)
    per = per or timezone.localdate()
    if per < lid.geldig_van:
        raise ValidationError({"geldig_tot": "De einddatum ligt vóór de begindatum van deze rol."})
    lid.geldig_tot = per
    lid.full_clean()
    lid.save(update_fields=["geldig_tot"])
    audit.log(audit.Action.ROLE_CHANGE, obj=lid, grant=grant, detail={"beëindigd": _lidmaatschap_detail(lid)})
    return lid


@transaction.atomic
def gebruiker_invite(
    *,
    actor,
    samenwerkingsverband,
    email: str,
    naam: str,
    rol: str,
    school=None,
    schoolbestuur=None,
    deelverband=None,
    geldig_van=None,
    geldig_tot=None,
) -> Lidmaatschap:
    """Give a person a role; a new person gets an account and an e-mail to choose a password.

    An address that already has an account simply gains the role, so the answer never
    tells the beheerder whether the person works elsewhere too.
    """
    grant = require(actor, "accounts.manage_users", samenwerkingsverband)
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, naam=naam)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.log(
            audit.Action.CREATE,
            obj=user,
            grant=grant,
            samenwerkingsverband_id=samenwerkingsverband.pk,
            detail={"email": email, "naam": naam},
        )
        transaction.on_commit(lambda: send_invitation(user))
    return lidmaatschap_add(
        actor=actor,
        user=user,
        samenwerkingsverband=samenwerkingsverband,
        rol=rol,
        school=school,
        schoolbestuur=schoolbestuur,
        deelverband=deelverband,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
    )


def send_invitation(user: User) -> None:
    # The invitation names no school, pupil or role: only that an account awaits.
    from django.conf import settings

    from passend.accounts.invitations import invitation_url

    context = {"user": user, "link": invitation_url(user), "dagen": settings.PASSEND_INVITATION_DAYS}
    body = render_to_string("accounts/email/uitnodiging.txt", context)
    send_mail("Uw account voor Passend", body, None, [user.email])


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> None:
    """The invited person chose a password; the link stops working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.log(audit.Action.PASSWORD_RESET, actor=user, reason="uitnodiging aangenomen")


@transaction.atomic
def otp_device_confirm(*, actor, device, token: str) -> bool:
    """Confirm a new TOTP device with a first code; log the enrolment."""
    if not device.verify_token(token):
        audit.log(
            audit.Action.OTP_FAILED, actor=actor, result=audit.Result.FAILURE, reason="code onjuist bij instellen"
        )
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    actor.totpdevice_set.exclude(pk=device.pk).delete()
    audit.log(audit.Action.OTP_ENROLLED, actor=actor)
    return True


def api_token_renew(*, actor):
    """Replace the actor's API token (the old one stops working) and log it."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        Token.objects.filter(user=actor).delete()
        token = Token.objects.create(user=actor)
        audit.log(audit.Action.CREATE, object_type="authtoken.token", object_label="API-token", actor=actor)
    return token


def api_token_revoke(*, actor) -> None:
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        if Token.objects.filter(user=actor).delete()[0]:
            audit.log(audit.Action.DELETE, object_type="authtoken.token", object_label="API-token", actor=actor)


@transaction.atomic
def ouder_invite(*, actor, ouderschap) -> User:
    """Give a parent an account for their own child's dossier and send the invitation."""
    from passend.accounts.roles import Rol

    leerling = ouderschap.leerling
    grant = require(actor, "leerlingen.change", leerling)
    ouder = ouderschap.ouder
    if not ouder.email:
        raise ValidationError("Vul eerst een e-mailadres van deze ouder in.")
    email = User.objects.normalize_email(ouder.email).strip().lower()
    user = ouder.gebruiker or User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, naam=ouder.naam)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    if ouder.gebruiker_id != user.pk:
        ouder.gebruiker = user
        ouder.save(update_fields=["gebruiker"])
    lid, created = Lidmaatschap.objects.get_or_create(
        user=user,
        rol=Rol.OUDER,
        samenwerkingsverband_id=leerling.samenwerkingsverband_id,
        school=None,
        schoolbestuur=None,
        deelverband=None,
        defaults={"geldig_van": timezone.localdate()},
    )
    if created:
        audit.log(
            audit.Action.ROLE_CHANGE,
            obj=lid,
            grant=grant,
            leerling_id=leerling.pk,
            detail={"toegekend": _lidmaatschap_detail(lid)},
        )
    audit.log(audit.Action.UPDATE, obj=ouderschap, grant=grant, detail={"uitgenodigd": email})
    if not user.has_usable_password():
        transaction.on_commit(lambda: send_invitation(user))
    return user
