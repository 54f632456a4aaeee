"""Every write to pupil data: permission first, validation, one transaction, audit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.services import field_values, require
from passend.core.validators import validate_geen_html
from passend.leerlingen.models import (
    ExterneToegang,
    Leerling,
    Ondersteuningsniveau,
    Ouder,
    Ouderschap,
    Thuiszitperiode,
    Toestemming,
)
from passend.leerlingen.policies import HOOGSTE_NIVEAU_VOOR

# Seed 002: from level 4 an external specialist is involved, which needs the parents' consent.
NIVEAU_MET_EXTERNEN = 4

LEERLING_VELDEN = [
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "groep",
    "postcode",
    "datum_inschrijving",
    "datum_uitschrijving",
    "thuiszitter_sinds",
]


def leerkrachten_van_school(school):
    """Users who are leerkracht at `school` today: the only ones a pupil can be assigned to."""
    return User.objects.filter(
        lidmaatschappen__in=school.lidmaatschappen.actief().filter(rol=Rol.LEERKRACHT)
    ).distinct()


def _check_leerkrachten(school, leerkrachten) -> None:
    allowed = set(leerkrachten_van_school(school).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in leerkrachten):
        raise ValidationError({"leerkrachten": "Kies alleen leerkrachten van deze school."})


# Inputs beside the pupil's own fields that go to the open thuiszitperiode (see below).
THUISZIT_INVOER = ("thuiszit_reden", "thuiszit_aanbod_op", "thuiszit_einddatum")
PERIODE_VELDEN = ["begindatum", "einddatum", "reden", "aanbod_op"]
# Where a period's field errors are shown: at the input the user gave for it.
_PERIODE_INVOER = {
    "begindatum": "thuiszitter_sinds",
    "einddatum": "thuiszit_einddatum",
    "reden": "thuiszit_reden",
    "aanbod_op": "thuiszit_aanbod_op",
}
_ALLEEN_BIJ_THUISZITTEN = "Dit vult u alleen in als de leerling thuiszit: vul ook ‘Thuiszitter sinds’ in."


def open_thuiszitperiode(leerling: Leerling) -> Thuiszitperiode | None:
    """The pupil's period at home that has not ended (at most one), or None."""
    if leerling.pk is None:
        return None
    return leerling.thuiszitperiodes.filter(einddatum__isnull=True).first()


def _thuiszit_invoer(data: dict) -> tuple[dict, dict]:
    """Split `data` into the pupil's own fields and the inputs for the thuiszitperiode."""
    data = dict(data)
    return data, {naam: data.pop(naam) for naam in THUISZIT_INVOER if naam in data}


def _thuiszitperiode_volgen(leerling: Leerling, *, invoer: dict, errors: dict):
    """The one rule that keeps a pupil's thuiszitperiodes in step with `thuiszitter_sinds`.

    Setting the date opens a period that begins on it; changing it while a period is open moves
    that period's begin; clearing it closes the open period on `thuiszit_einddatum` (default
    today). `thuiszit_reden` and `thuiszit_aanbod_op` are stored on the period touched; a key
    left out keeps what is stored. Nothing is saved here: the caller saves the returned period
    (None when nothing changes) once `errors` (Dutch, per input) is empty. Also returns the
    period's values before and after, for the audit event.
    """
    vandaag = timezone.localdate()
    sinds = leerling.thuiszitter_sinds
    periode = open_thuiszitperiode(leerling)
    if periode is None and sinds is None:
        if invoer.get("thuiszit_reden") not in (None, "", Thuiszitperiode.Reden.ONBEKEND):
            errors.setdefault("thuiszit_reden", [_ALLEEN_BIJ_THUISZITTEN])
        for naam in ("thuiszit_aanbod_op", "thuiszit_einddatum"):
            if invoer.get(naam):
                errors.setdefault(naam, [_ALLEEN_BIJ_THUISZITTEN])
        return None, None, None
    oud = field_values(periode, PERIODE_VELDEN) if periode else None
    if periode is None:
        periode = Thuiszitperiode(begindatum=sinds)
    einddatum = invoer.get("thuiszit_einddatum")
    if sinds is not None:
        periode.begindatum = sinds
        if einddatum:
            errors.setdefault(
                "thuiszit_einddatum",
                [
                    "Een einddatum vult u alleen in als de leerling weer naar school gaat: maak dan "
                    "‘Thuiszitter sinds’ leeg."
                ],
            )
    else:
        periode.einddatum = einddatum or vandaag
    if "thuiszit_reden" in invoer:
        periode.reden = invoer["thuiszit_reden"] or Thuiszitperiode.Reden.ONBEKEND
    if "thuiszit_aanbod_op" in invoer:
        periode.aanbod_op = invoer["thuiszit_aanbod_op"]

    fouten = {}
    try:
        periode.full_clean(exclude=["leerling"], validate_constraints=False)
    except ValidationError as error:
        fouten = {_PERIODE_INVOER.get(naam, naam): berichten for naam, berichten in error.message_dict.items()}
    begin_bekend = "thuiszitter_sinds" not in errors and "thuiszitter_sinds" not in fouten
    if periode.einddatum and "thuiszit_einddatum" not in fouten:
        veld = "thuiszit_einddatum" if einddatum else "thuiszitter_sinds"
        if periode.einddatum > vandaag:
            fouten[veld] = ["Deze datum ligt in de toekomst."]
        elif begin_bekend and periode.einddatum < periode.begindatum:
            fouten[veld] = [
                f"De leerling zit thuis sinds {periode.begindatum:%d-%m-%Y}; de einddatum kan niet eerder liggen."
            ]
    if periode.aanbod_op and "thuiszit_aanbod_op" not in fouten:
        veld = "thuiszit_aanbod_op" if "thuiszit_aanbod_op" in invoer else "thuiszitter_sinds"
        if periode.aanbod_op > vandaag:
            fouten[veld] = ["Deze datum ligt in de toekomst."]
        elif begin_bekend and periode.aanbod_op < periode.begindatum:
            fouten[veld] = [
                f"Het onderwijsaanbod ligt vóór het begin van het thuiszitten ({periode.begindatum:%d-%m-%Y}). "
                "Kies een datum op of na die dag."
            ]
    if sinds is not None and begin_bekend and leerling.pk is not None:
        vorige = (
            leerling.thuiszitperiodes.filter(einddatum__isnull=False)
            .exclude(pk=periode.pk)
            .filter(einddatum__gt=sinds)
            .order_by("-einddatum")
            .first()
        )
        if vorige is not None:
            fouten.setdefault(
                "thuiszitter_sinds",
                [
                    f"De leerling zat al thuis van {vorige.begindatum:%d-%m-%Y} tot {vorige.einddatum:%d-%m-%Y}. "
                    f"Kies een datum op of na {vorige.einddatum:%d-%m-%Y}."
                ],
            )
    for veld, berichten in fouten.items():
        errors.setdefault(veld, berichten)
    nieuw = field_values(periode, PERIODE_VELDEN)
    if nieuw == oud:
        return None, oud, nieuw
    return periode, oud, nieuw


def _valideer_leerling(leerling: Leerling, invoer: dict) -> tuple[Thuiszitperiode | None, dict | None]:
    """Validate the pupil and its thuiszitperiode together: every error at its field at once."""
    errors = {}
    try:
        leerling.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    periode, oud, nieuw = _thuiszitperiode_volgen(leerling, invoer=invoer, errors=errors)
    if errors:
        raise ValidationError(errors)
    return periode, ({"oud": oud, "nieuw": nieuw} if periode is not None else None)


def _bewaar_periode(periode: Thuiszitperiode | None, leerling: Leerling) -> None:
    if periode is not None:
        periode.leerling = leerling
        periode.save()


@transaction.atomic
def leerling_create(*, actor, school, data: dict, leerkrachten=()) -> Leerling:
    """A new pupil. `data` may carry `thuiszit_reden` and `thuiszit_aanbod_op` for the period at
    home that `thuiszitter_sinds` opens."""
    grant = require(actor, "leerlingen.create", school)
    data, invoer = _thuiszit_invoer(data)
    leerling = Leerling(school=school, samenwerkingsverband_id=school.samenwerkingsverband_id, **data)
    periode, periode_detail = _valideer_leerling(leerling, invoer)
    _check_leerkrachten(school, leerkrachten)
    leerling.save()
    leerling.leerkrachten.set(leerkrachten)
    _bewaar_periode(periode, leerling)
    detail = field_values(leerling, LEERLING_VELDEN)
    detail["leerkrachten"] = ", ".join(sorted(u.naam for u in leerkrachten))
    if periode_detail:
        detail["thuiszitperiode"] = periode_detail["nieuw"]
    audit.log(audit.Action.CREATE, obj=leerling, grant=grant, detail={"nieuw": detail})
    return leerling


@transaction.atomic
def leerling_update(*, actor, leerling: Leerling, data: dict, leerkrachten=None) -> Leerling:
    """Change a pupil. Beside the pupil's fields, `data` may carry `thuiszit_reden`,
    `thuiszit_aanbod_op` and `thuiszit_einddatum` (when `thuiszitter_sinds` is cleared) for the
    period at home; see `_thuiszitperiode_volgen`."""
    grant = require(actor, "leerlingen.change", leerling)
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    data, invoer = _thuiszit_invoer(data)
    before = field_values(leerling, LEERLING_VELDEN)
    for name, value in data.items():
        if name in LEERLING_VELDEN:
            setattr(leerling, name, value)
    periode, periode_detail = _valideer_leerling(leerling, invoer)
    after = field_values(leerling, LEERLING_VELDEN)
    changes = {k: {"oud": before[k], "nieuw": after[k]} for k in LEERLING_VELDEN if before[k] != after[k]}
    if leerkrachten is not None:
        _check_leerkrachten(leerling.school, leerkrachten)
        old = sorted(u.naam for u in leerling.leerkrachten.all())
        new = sorted(u.naam for u in leerkrachten)
        if old != new:
            changes["leerkrachten"] = {"oud": ", ".join(old), "nieuw": ", ".join(new)}
        leerling.leerkrachten.set(leerkrachten)
    leerling.save()
    _bewaar_periode(periode, leerling)
    if periode_detail:
        changes["thuiszitperiode"] = periode_detail
    audit.log(audit.Action.UPDATE, obj=leerling, grant=grant, detail={"wijzigingen": changes})
    return leerling


@transaction.atomic
def ondersteuningsniveau_set(*, actor, leerling: Leerling, niveau: int, sinds, reden: str) -> Ondersteuningsniveau:
    """Record a new support level. A teacher may set levels 1–2; from level 3 the IB'er or director."""
    grant = require(actor, "leerlingen.set_niveau", leerling)
    hoogste = HOOGSTE_NIVEAU_VOOR.get(grant.lidmaatschap.rol, 0)
    rij = Ondersteuningsniveau(
        leerling=leerling,
        niveau=niveau,
        sinds=sinds,
        reden=reden,
        vastgesteld_door=actor,
        vastgesteld_als=grant.lidmaatschap.rol,
    )
    rij.full_clean()
    if niveau > hoogste:
        rol = grant.lidmaatschap.get_rol_display().lower()
        raise ValidationError(
            {
                "niveau": f"Als {rol} stelt u niveau 1 tot en met {hoogste} vast; "
                "een hoger niveau stelt de intern begeleider of de directeur vast."
            }
        )
    if sinds < leerling.geboortedatum:
        raise ValidationError({"sinds": "Deze datum ligt vóór de geboortedatum van de leerling."})
    if niveau >= NIVEAU_MET_EXTERNEN and not heeft_toestemming(leerling, Toestemming.Onderwerp.EXTERN):
        raise ValidationError(
            {
                "niveau": f"Vanaf niveau {NIVEAU_MET_EXTERNEN} worden externe deskundigen betrokken. Daarvoor is eerst "
                "toestemming van de ouders nodig; leg die vast onder ‘Toestemmingen’."
            }
        )
    rij.save()
    audit.log(
        audit.Action.CREATE,
        obj=rij,
        grant=grant,
        detail={"niveau": niveau, "sinds": str(sinds), "reden": reden[:500]},
    )
    return rij


@transaction.atomic
def ouder_add(
    *, actor, leerling: Leerling, naam: str, relatie: str, gezag: bool, email: str = "", telefoon: str = ""
) -> Ouderschap:
    grant = require(actor, "leerlingen.change", leerling)
    ouder = Ouder(samenwerkingsverband_id=leerling.samenwerkingsverband_id, naam=naam, email=email, telefoon=telefoon)
    ouder.full_clean()
    ouderschap = Ouderschap(ouder=ouder, leerling=leerling, relatie=relatie, gezag=gezag)
    ouderschap.full_clean(exclude=["ouder"])
    ouder.save()
    ouderschap.ouder = ouder
    ouderschap.save()
    audit.log(
        audit.Action.CREATE,
        obj=ouderschap,
        grant=grant,
        detail={"ouder": naam, "relatie": relatie, "gezag": gezag, "email": email, "telefoon": telefoon},
    )
    return ouderschap


def huidige_toestemming(leerling, onderwerp: str):
    """The decision that counts now for `onderwerp` (the newest), or None."""
    return leerling.toestemmingen.filter(onderwerp=onderwerp).order_by("-datum", "-vastgelegd_op", "-id").first()


def heeft_toestemming(leerling, onderwerp: str) -> bool:
    huidig = huidige_toestemming(leerling, onderwerp)
    return huidig is not None and huidig.besluit == Toestemming.Besluit.GEGEVEN


@transaction.atomic
def toestemming_record(
    *,
    actor,
    leerling: Leerling,
    onderwerp: str,
    besluit: str,
    datum,
    reikwijdte: str = "",
    ouder: Ouder | None = None,
    kenmerk: str = "",
) -> Toestemming:
    """Record a parent's decision. A parent records their own; the school names the parent.

    A decision on a text (the OPP's handelingsdeel) carries that text's `kenmerk`; it is
    recorded through the OPP (dossier.services.opp_instemming_record), which supplies it.
    """
    grant = require(actor, "leerlingen.record_toestemming", leerling)
    if onderwerp == Toestemming.Onderwerp.OPP_HANDELINGSDEEL and not kenmerk:
        raise ValidationError(
            {"onderwerp": "De instemming met het handelingsdeel legt u vast op de pagina van het OPP."}
        )
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    met_gezag = Ouder.objects.filter(ouderschappen__leerling=leerling, ouderschappen__gezag=True)
    if grant.lidmaatschap.rol == Rol.OUDER:
        ouder = met_gezag.filter(gebruiker=actor).first()
    elif ouder is None or not met_gezag.filter(pk=ouder.pk).exists():
        raise ValidationError({"ouder": "Kies de ouder of voogd met gezag die dit besluit nam."})
    huidig = huidige_toestemming(leerling, onderwerp)
    if besluit == Toestemming.Besluit.INGETROKKEN and (huidig is None or huidig.besluit != Toestemming.Besluit.GEGEVEN):
        raise ValidationError({"besluit": "Er is geen gegeven toestemming om in te trekken."})
    toestemming = Toestemming(
        leerling=leerling,
        onderwerp=onderwerp,
        besluit=besluit,
        reikwijdte=reikwijdte,
        ouder=ouder,
        datum=datum,
        kenmerk=kenmerk,
        vastgelegd_door=actor,
        vastgelegd_als=grant.lidmaatschap.rol,
    )
    toestemming.full_clean()
    if huidig is not None and datum < huidig.datum:
        raise ValidationError({"datum": "Er is al een later besluit vastgelegd; kies een datum op of na de vorige."})
    toestemming.save()
    audit.log(
        audit.Action.CREATE,
        obj=toestemming,
        grant=grant,
        detail={"onderwerp": onderwerp, "besluit": besluit, "ouder": ouder.naam, "datum": str(datum)},
    )
    if onderwerp == Toestemming.Onderwerp.EXTERN and besluit != Toestemming.Besluit.GEGEVEN:
        # Without the parents' consent no external may look any further, from this moment.
        reden = f"toestemming {toestemming.get_besluit_display().lower()}"
        for toegang in _lopende_toegangen(leerling).select_for_update():
            _beeindig(toegang, door=actor, reden=reden, grant=grant)
    return toestemming


# --- External professionals invited to one pupil's dossier ------------------------------------


def _lopende_toegangen(leerling):
    """Invitations of this pupil that have neither ended nor expired."""
    return ExterneToegang.objects.filter(
        leerling=leerling, beeindigd_op__isnull=True, geldig_tot__gte=timezone.localdate()
    )


def _beeindig(toegang: ExterneToegang, *, door, reden: str, grant) -> None:
    toegang.beeindigd_op = timezone.now()
    toegang.beeindigd_door = door
    toegang.beeindigd_reden = reden
    toegang.save(update_fields=["beeindigd_op", "beeindigd_door", "beeindigd_reden"])
    audit.log(
        audit.Action.UPDATE,
        obj=toegang,
        grant=grant,
        detail={"beëindigd": reden, "externe": toegang.gebruiker.email, "was_geldig_tot": str(toegang.geldig_tot)},
    )


def een_jaar_na(dag: date) -> date:
    """The same day a year later (28 February for 29 February): the longest an invitation runs."""
    try:
        return dag.replace(year=dag.year + 1)
    except ValueError:
        return dag.replace(year=dag.year + 1, day=28)


def _veld_fouten(errors: dict, veld: str, model, naam: str, waarde) -> object:
    """Clean `waarde` as `model`'s field `naam`; its Dutch messages go to `veld`."""
    try:
        return model._meta.get_field(naam).clean(waarde, None)
    except ValidationError as error:
        errors[veld] = error.messages
        return waarde


@transaction.atomic
def externe_toegang_invite(
    *, actor, leerling: Leerling, naam: str, email: str, doel: str, geldig_tot
) -> ExterneToegang:
    """Invite an external professional (jeugdarts, orthopedagoog, …) to this pupil's dossier.

    Needs the parents' current consent to involve externals. The person gets the role extern
    in the partnership (an account if they have none) and an e-mail that says only that a
    dossier awaits them: never whose, nor which school.
    """
    grant = require(actor, "leerlingen.invite_extern", leerling)
    # Locked, so a withdrawal of consent and an invitation cannot pass each other.
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    if not heeft_toestemming(leerling, Toestemming.Onderwerp.EXTERN):
        raise ValidationError(
            {
                "toestemming": "De ouders hebben (nog) geen toestemming gegeven om externe deskundigen te betrekken. "
                "Leg eerst hun toestemming vast onder ‘Toestemmingen’; daarna kunt u iemand uitnodigen."
            }
        )
    vandaag = timezone.localdate()
    errors = {}
    naam = _veld_fouten(errors, "naam", User, "naam", (naam or "").strip())
    email = _veld_fouten(errors, "email", User, "email", User.objects.normalize_email((email or "").strip()).lower())
    toegang = ExterneToegang(
        leerling=leerling, doel=(doel or "").strip(), geldig_van=vandaag, geldig_tot=geldig_tot, uitgenodigd_door=actor
    )
    try:
        toegang.full_clean(exclude=["gebruiker"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if geldig_tot and "geldig_tot" not in errors:
        if geldig_tot <= vandaag:
            errors["geldig_tot"] = ["Kies een datum in de toekomst: tot en met wanneer heeft deze persoon toegang?"]
        elif geldig_tot > een_jaar_na(vandaag):
            errors["geldig_tot"] = [
                f"Toegang geldt hoogstens een jaar: kies uiterlijk {een_jaar_na(vandaag):%d-%m-%Y}. "
                "Daarna kunt u opnieuw uitnodigen."
            ]
    user = User.objects.filter(email=email).first() if "email" not in errors else None
    if user is not None:
        if Lidmaatschap.objects.actief().filter(user=user).exclude(rol=Rol.EXTERN).exists():
            errors["email"] = [
                "Dit e-mailadres hoort bij iemand met een andere rol in Passend, bijvoorbeeld op een school of bij "
                "het samenwerkingsverband. Nodig externen uit met het e-mailadres waarmee zij als externe werken."
            ]
        elif not user.is_active:
            errors["email"] = ["Het account met dit e-mailadres is uitgeschakeld; neem contact op met de beheerder."]
        elif _lopende_toegangen(leerling).filter(gebruiker=user).exists():
            errors["email"] = [
                "Deze persoon is al uitgenodigd voor dit dossier. Wilt u het doel of de periode wijzigen, beëindig dan "
                "eerst de huidige toegang."
            ]
    if errors:
        raise ValidationError(errors)

    swv_id = leerling.samenwerkingsverband_id
    if user is None:
        user = User(email=email, naam=naam)
        user.set_unusable_password()
        user.save()
        audit.log(audit.Action.CREATE, obj=user, grant=grant, samenwerkingsverband_id=swv_id, detail={"email": email})
    if not Lidmaatschap.objects.actief().filter(user=user, rol=Rol.EXTERN, samenwerkingsverband_id=swv_id).exists():
        lid = Lidmaatschap(user=user, rol=Rol.EXTERN, samenwerkingsverband_id=swv_id, geldig_van=vandaag)
        lid.full_clean()
        lid.save()
        user.forget_lidmaatschappen()
        audit.log(
            audit.Action.ROLE_CHANGE,
            obj=lid,
            grant=grant,
            leerling_id=leerling.pk,
            detail={"toegekend": {"gebruiker": email, "rol": Rol.EXTERN, "geldig_van": str(vandaag)}},
        )
    toegang.gebruiker = user
    toegang.save()
    audit.log(
        audit.Action.CREATE,
        obj=toegang,
        grant=grant,
        detail={"externe": email, "doel": toegang.doel, "geldig_tot": str(toegang.geldig_tot)},
    )
    nieuw = not user.has_usable_password()
    transaction.on_commit(lambda: _mail_externe(user, nieuw=nieuw))
    return toegang


def _mail_externe(user: User, *, nieuw: bool) -> None:
    # Dossiers do not travel by e-mail: the message names no pupil and no school.
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from passend.accounts.services import send_invitation

    if nieuw:
        send_invitation(user)
        return
    link = settings.PASSEND_BASE_URL.rstrip("/") + reverse("accounts:login")
    body = render_to_string("leerlingen/email/externe_toegang.txt", {"user": user, "link": link})
    send_mail("Er staat een dossier voor u klaar in Passend", body, None, [user.email])


@transaction.atomic
def externe_toegang_end(*, actor, toegang: ExterneToegang, reden: str) -> ExterneToegang:
    """End an external's access before its date; recorded with who and why, never deleted."""
    grant = require(actor, "leerlingen.end_extern", toegang.leerling)
    toegang = ExterneToegang.objects.select_for_update().select_related("gebruiker").get(pk=toegang.pk)
    reden = (reden or "").strip()
    if toegang.beeindigd_op is not None:
        raise ValidationError({"toegang": "Deze toegang is al beëindigd."})
    if toegang.geldig_tot < timezone.localdate():
        raise ValidationError({"toegang": "Deze toegang is al verlopen."})
    if not reden:
        raise ValidationError({"reden": "Vul in waarom de toegang eindigt."})
    if len(reden) > 200:
        raise ValidationError({"reden": f"Gebruik hoogstens 200 tekens (nu {len(reden)})."})
    try:
        validate_geen_html(reden)
    except ValidationError as error:
        raise ValidationError({"reden": error.messages}) from error
    _beeindig(toegang, door=actor, reden=reden, grant=grant)
    return toegang
