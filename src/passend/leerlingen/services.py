"""Every write to pupil data: permission first, validation, one transaction, audit."""

from django.core.exceptions import ValidationError
from django.db import transaction

from passend.accounts.models import User
from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.services import field_values, require
from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Ouder, Ouderschap, Toestemming
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


@transaction.atomic
def leerling_create(*, actor, school, data: dict, leerkrachten=()) -> Leerling:
    grant = require(actor, "leerlingen.create", school)
    leerling = Leerling(school=school, samenwerkingsverband_id=school.samenwerkingsverband_id, **data)
    leerling.full_clean(validate_constraints=False)
    _check_leerkrachten(school, leerkrachten)
    leerling.save()
    leerling.leerkrachten.set(leerkrachten)
    detail = field_values(leerling, LEERLING_VELDEN)
    detail["leerkrachten"] = ", ".join(sorted(u.naam for u in leerkrachten))
    audit.log(audit.Action.CREATE, obj=leerling, grant=grant, detail={"nieuw": detail})
    return leerling


@transaction.atomic
def leerling_update(*, actor, leerling: Leerling, data: dict, leerkrachten=None) -> Leerling:
    grant = require(actor, "leerlingen.change", leerling)
    leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
    before = field_values(leerling, LEERLING_VELDEN)
    for name, value in data.items():
        if name in LEERLING_VELDEN:
            setattr(leerling, name, value)
    leerling.full_clean(validate_constraints=False)
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
    *, actor, leerling: Leerling, onderwerp: str, besluit: str, datum, reikwijdte: str = "", ouder: Ouder | None = None
) -> Toestemming:
    """Record a parent's decision. A parent records their own; the school names the parent."""
    grant = require(actor, "leerlingen.record_toestemming", leerling)
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
    return toestemming
