"""Ryan under IVO (seed 003), on the demo data: his needs on the five fields go beyond De
Zonnebloem's narrow profile, so matching proposes De Zonnebloem plus an additional arrangement —
the language and behaviour group at De Catamaran nearby — and explains the gap per field; the
commission records its choice with a reason. Matching advises, people decide."""

import pytest
from django.utils import timezone

from passend.accounts.models import User
from passend.core import demo
from passend.core.models import AuditEvent
from passend.dossier.services import bijdragen_save
from passend.leerlingen.models import Leerling
from passend.matching import engine, selectors, services
from passend.matching.models import Matchkeuze
from passend.trajecten import services as trajecten
from passend.trajecten.models import Route, Traject

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio(db):
    demo.load()
    return demo


def wie(naam: str) -> User:
    email = f"{naam}@ouders.example" if naam == "mirjam" else f"{naam}@voorbeeldregio.example"
    return User.objects.get(email=email)


def ryan() -> Leerling:
    return Leerling.objects.get(voornaam="Ryan", achternaam="Wit")


def stap(traject, actor, uitkomst, motivatie=""):
    traject.refresh_from_db()
    trajecten.traject_advance(
        actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
    )


def ivo_tot_de_commissie() -> Traject:
    """Ryan's IVO traject from the signal to the IVO commission, Simone summarising on the five fields."""
    esther, simone = wie("esther"), wie("simone")
    traject = trajecten.traject_start(
        actor=esther,
        route=Route.objects.get(code="ivo", samenwerkingsverband=ryan().samenwerkingsverband),
        leerling=ryan(),
        vraag="Wat heeft Ryan nodig aan onderwijs en ondersteuning?",
        signaal={"door": "leerkracht", "reden": "handelingsverlegenheid", "toelichting": "Taal en gedrag."},
    )
    stap(traject, esther, "trajectbegeleider_inschakelen")
    stap(traject, simone, "ivo_procedure_starten", "Een IVO-procedure in werking stellen.")
    trajecten.aanvraag_create(
        actor=esther,
        traject=traject,
        soort="extra_ondersteuning",
        gevraagd="Wat Ryan nodig heeft op de vijf velden.",
        onderbouwing="Formulier onderwijsbehoeften van juf Esther en de ouders; advies van de jeugdarts.",
    )
    bijdragen_save(actor=wie("mirjam"), leerling=ryan(), teksten={"verwachtingen": "Hij is nog jong."})
    stap(traject, esther, "compleet")
    services.behoefteprofiel_vaststellen(
        actor=simone,
        leerling=ryan(),
        traject=traject,
        niveaus={"aandacht_tijd": 3, "materiaal": 3, "ruimte": 2, "expertise": 3, "samenwerking": 1},
        samenvatting="Uit het formulier onderwijsbehoeften, het gesprek met Ryan en het advies van de jeugdarts.",
    )
    stap(traject, simone, "voorleggen", "Compleet; samengevat op de vijf velden.")
    return traject


def test_matching_proposes_de_zonnebloem_with_the_group_at_de_catamaran_and_explains_the_gap(regio, client):
    traject = ivo_tot_de_commissie()
    matching = selectors.matching_voor(actor=wie("pieter"), traject=traject)
    advies = matching.advies

    assert advies.uitkomst == engine.AANVULLEND
    assert advies.beste.setting.naam == "De Zonnebloem"
    assert advies.beste.aanvulling.naam == "Taal- en gedragsgroep De Catamaran"
    assert advies.beste.aanvulling.plek == "De Catamaran"
    # The gap of De Zonnebloem's narrow profile, field by field.
    assert [(v.veld, v.nodig, v.biedt, v.tekort) for v in advies.eigen_school.velden] == [
        ("aandacht_tijd", 3, 1, 2),
        ("materiaal", 3, 1, 2),
        ("ruimte", 2, 2, 0),
        ("expertise", 3, 1, 2),
        ("samenwerking", 1, 1, 0),
    ]
    # De Catamaran itself is the nearest regular school that would suffice, about a kilometre away.
    catamaran = advies.per_trede[engine.ANDERE_SCHOOL][0]
    assert catamaran.setting.naam == "De Catamaran" and catamaran.past and catamaran.afstand_km < 2
    assert matching.herkomst.startswith("postcodegebied 9401")
    # The full places are not proposed as fitting.
    assert not next(k for k in advies.kandidaten if k.setting.naam == "Het Palet").past

    client.force_login(wie("pieter"))
    pagina = client.get(f"/trajecten/{traject.pk}/matching/").content.decode()
    assert "Match na een aanvullend arrangement: De Zonnebloem met ‘Taal- en gedragsgroep De Catamaran’" in pagina
    assert "Aandacht en tijd: nodig 3, biedt 1 — tekort 2" in pagina
    assert "Onderwijsmateriaal: nodig 3, biedt 1 + 2 met het arrangement — voldoende" in pagina


def test_the_commission_records_its_choice_with_a_reason_and_then_decides(regio, client):
    traject = ivo_tot_de_commissie()
    pieter = wie("pieter")
    arrangement = selectors.aanvullingen_van(traject.samenwerkingsverband_id)
    groep = next(a for a in arrangement if a.naam.startswith("Taal- en gedragsgroep"))
    client.force_login(pieter)
    url = f"/trajecten/{traject.pk}/matching/"

    leeg = client.post(url, {"uitkomst": "aanvullend", "keuze": f"aanvulling:{groep.sleutel}", "reden": "  "})
    assert leeg.status_code == 400 and "Schrijf de reden van de keuze op" in leeg.content.decode()
    onbekend = client.post(url, {"uitkomst": "aanvullend", "keuze": "aanvulling:99999", "reden": "Zo."})
    assert onbekend.status_code == 400
    assert not Matchkeuze.objects.exists()

    reden = "De eenvoudigste setting: Ryan blijft op De Zonnebloem en gaat drie ochtenden naar De Catamaran."
    antwoord = client.post(url, {"uitkomst": "aanvullend", "keuze": f"aanvulling:{groep.sleutel}", "reden": reden})
    assert antwoord.status_code == 302
    keuze = Matchkeuze.objects.get()
    assert (keuze.uitkomst, keuze.school.naam, keuze.aanvullend_arrangement.naam, keuze.reden) == (
        "aanvullend",
        "De Zonnebloem",
        "Taal- en gedragsgroep De Catamaran",
        reden,
    )
    assert keuze.advies["uitkomst"] == "aanvullend" and keuze.gekozen_als == "commissielid"
    assert AuditEvent.objects.filter(
        object_type="matching.matchkeuze", action="create", actor_user_id=pieter.pk
    ).exists()
    with pytest.raises(TypeError):
        keuze.save()
    assert (
        "Keuze van de commissie: match na een aanvullend arrangement"
        in client.get(f"/trajecten/{traject.pk}/").content.decode()
    )

    # The commission then decides in its meeting, as the route says.
    vergadering = trajecten.overleg_plan(
        actor=pieter,
        traject=Traject.objects.get(pk=traject.pk),
        datum=timezone.now(),
        deelnemers=[
            {"naam": pieter.naam, "partij": "swv", "gebruiker": pieter, "stemgerechtigd": True},
            {"naam": "Directeur uit de regio", "partij": "swv", "stemgerechtigd": True},
            {"naam": "Vertegenwoordiger SO", "partij": "sbo_so", "stemgerechtigd": True},
        ],
    )
    trajecten.overleg_besluit(
        actor=pieter,
        overleg=vergadering,
        uitkomst="aanvullend_arrangement",
        motivatie=reden,
        standpunten={d.pk: {"aanwezig": True, "standpunt": "akkoord"} for d in vergadering.deelnemers.all()},
    )
    assert Traject.objects.get(pk=traject.pk).stap.code == "arrangement_bieden"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mirjam", 403), ("fatima", 404), ("karin", 403), ("esther", 403), ("desiree", 404), ("ruud", 404)],
)
def test_who_may_not_record_the_choice(regio, client, persona, status):
    traject = ivo_tot_de_commissie()
    client.force_login(User.objects.get(email__startswith=f"{persona}@"))
    voor = AuditEvent.objects.filter(result="denied").count()
    antwoord = client.post(f"/trajecten/{traject.pk}/matching/", {"uitkomst": "match", "reden": "Zo."})
    assert antwoord.status_code == status
    assert AuditEvent.objects.filter(result="denied").count() > voor
    assert not Matchkeuze.objects.exists()


def test_the_school_sees_the_advice_on_its_own_traject_the_parents_do_not(regio, client):
    traject = Traject.objects.get(leerling=ryan(), route_versie__route__code="hga")
    client.force_login(wie("karin"))
    pagina = client.get(f"/trajecten/{traject.pk}/matching/")
    assert pagina.status_code == 200 and "Taal- en gedragsgroep De Catamaran" in pagina.content.decode()
    client.force_login(wie("mirjam"))
    assert client.get(f"/trajecten/{traject.pk}/matching/").status_code == 403
