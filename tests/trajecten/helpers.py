"""Shared steps for the traject tests: extra partnership staff, routes from presets, a signed
groeidocument, and a meeting whose decision is recorded with everyone's position."""

from datetime import date

from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.dossier.services import bijdragen_save, groeidocument_sign
from passend.leerlingen.services import toestemming_record
from passend.organisaties.models import Deskundige
from passend.trajecten import services
from passend.trajecten.models import Route

SIGNAAL = {
    "door": "leerkracht",
    "reden": "handelingsverlegenheid",
    "toelichting": "Gedragsproblemen, moeite met sociale interactie, taalontwikkeling blijft achter, gauw moe.",
    "al_geprobeerd": "Van alles geprobeerd in de klas; zorgen besproken met de ouders.",
}


def staf(cast, key: str, rol: str, **scope) -> User:
    """A member of the partnership with `rol` (roles the fixed cast does not hold)."""
    user = User.objects.create_user(f"{key}@test.example", "Een-lang-testwachtwoord-42", naam=key.title())
    Lidmaatschap.objects.create(user=user, rol=rol, samenwerkingsverband=cast.swv, geldig_van=date(2020, 1, 1), **scope)
    return user


def route(cast, preset: str) -> Route:
    return services.route_create_from_preset(actor=cast.beheerder, samenwerkingsverband=cast.swv, preset=preset).route


def start(cast, preset: str, actor=None, **kwargs):
    return services.traject_start(
        actor=actor or cast.leerkracht_a,
        route=route(cast, preset),
        leerling=kwargs.pop("leerling", cast.leerling_a),
        signaal=kwargs.pop("signaal", SIGNAAL),
        vraag=kwargs.pop("vraag", "Wat heeft Ryan nodig aan onderwijs en ondersteuning?"),
        **kwargs,
    )


def stap(traject, actor, uitkomst: str, motivatie: str = ""):
    traject.refresh_from_db()
    return services.traject_advance(
        actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
    )


def groeidocument_ondertekend(cast):
    bijdragen_save(actor=cast.ib_a, leerling=cast.leerling_a, teksten={"aanleiding": "Zorgen over gedrag en taal."})
    groeidocument_sign(actor=cast.ib_a, leerling=cast.leerling_a, soort="akkoord")
    groeidocument_sign(actor=cast.ouder, leerling=cast.leerling_a, soort="akkoord")


def toestemming_extern(cast):
    toestemming_record(
        actor=cast.ouder, leerling=cast.leerling_a, onderwerp="extern", besluit="gegeven", datum=timezone.localdate()
    )


def deskundige(cast, naam: str, discipline: str) -> Deskundige:
    return Deskundige.objects.create(
        samenwerkingsverband=cast.swv, naam=naam, organisatie="Expertpool", discipline=discipline
    )


def overleg(traject, actor, deelnemers: list[dict]):
    traject.refresh_from_db()
    return services.overleg_plan(
        actor=actor,
        traject=traject,
        datum=timezone.now(),
        locatie="De Zonnebloem",
        deelnemers=deelnemers,
    )


def besluit(overleg_, actor, uitkomst: str, standpunten: dict[str, str] | None = None, adviezen=None, **kwargs):
    """Record the meeting's decision; everyone agrees unless `standpunten` (by name) says otherwise."""
    standpunten = standpunten or {}
    adviezen = adviezen or {}
    invoer = {
        d.pk: {"aanwezig": True, "standpunt": standpunten.get(d.naam, "akkoord"), "advies": adviezen.get(d.naam, "")}
        for d in overleg_.deelnemers.all()
    }
    return services.overleg_besluit(
        actor=actor,
        overleg=overleg_,
        uitkomst=uitkomst,
        motivatie=kwargs.get("motivatie", "Zo besloten."),
        standpunten=invoer,
    )


def geschiedenis(traject) -> list[tuple[str, str, str, str]]:
    """(role, from, outcome, to) of every transition, in order."""
    return [(g.rol, g.van_stap, g.uitkomst, g.naar_stap) for g in traject.gebeurtenissen.all() if g.soort != "regie"]


TLV = ("tlv_sbo", "tlv_so")


def aanvraag(traject, actor, soort: str, directeur=None, **velden):
    """A complete application of `soort`, drawn up in the traject's current step by `actor`
    (and, for a TLV, signed by `directeur`)."""
    from passend.organisaties.models import Expertisethema

    traject.refresh_from_db()
    velden.setdefault("gevraagd", "Ondersteuning in en om de klas, een schooljaar lang.")
    velden.setdefault("onderbouwing", "Handelingsplan en aanpak in de klas gaven te weinig vooruitgang.")
    if soort == "tlv_so":
        velden.setdefault("tlv_categorie", "midden")
    if soort in (*TLV, "observatieplek"):
        velden.setdefault("ouders_gehoord_op", timezone.localdate())
    if soort == "specialistische_expertise":
        velden.setdefault(
            "expertisethema",
            Expertisethema.objects.filter(slug="dcd").first() or Expertisethema.objects.create(slug="dcd", naam="DCD"),
        )
    nieuw = services.aanvraag_create(actor=actor, traject=traject, soort=soort, **velden)
    if soort in TLV:
        nieuw = services.aanvraag_ondertekenen(actor=directeur, aanvraag=nieuw)
    return nieuw


def besluit_van(traject):
    """(outcome, what was decided) of the traject's decisions, oldest first."""
    from passend.trajecten.models import Besluit

    return [(b.uitkomst, b.inhoud) for b in Besluit.objects.filter(aanvraag__traject=traject).order_by("id")]


def deskundigenadviezen(traject, actor, *, eerste="orthopedagoog", tweede="jeugdarts"):
    """The two separate written expert advices on the traject's open TLV application."""
    from passend.arrangementen.tlv import deskundigenadvies_vastleggen
    from passend.trajecten.models import Aanvraag

    aanvraag = traject.aanvragen.get(status__in=[Aanvraag.Status.CONCEPT, Aanvraag.Status.INGEDIEND])
    cast_swv = traject.samenwerkingsverband
    for discipline, tekst in ((eerste, "Een kleine setting met veel structuur."), (tweede, "Rustmomenten inbouwen.")):
        deskundige = Deskundige.objects.create(
            samenwerkingsverband=cast_swv,
            naam=f"Adviseur ({discipline})",
            organisatie="Expertpool",
            discipline=discipline,
        )
        deskundigenadvies_vastleggen(
            actor=actor, aanvraag=aanvraag, deskundige=deskundige, advies=tekst, datum=timezone.localdate()
        )
