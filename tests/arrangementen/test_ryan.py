"""Ryan end to end, four ways (seed 003): from the signal to step 7, on the demo data, each with
the outcome the guide tells.

- HGA: the unanimous MDO grants an OJA — the SBO's behaviour specialist for Ryan, juf Esther
  and Karin, youth care at home; an MDO every two months; after six months most goals are met
  and two new goals follow.
- TOP: a year at De Kaleidoscoop with a TLV, paid by De Zonnebloem; observations before, an
  evaluation after half a year, agreements four weeks before the return, two observations after.
- VPI: after four months too little progress; the commission admits Ryan to Het Palet.
- IVO: three mornings a week at De Catamaran for a year, ended after the year-end evaluation.

The demo has budgets for last year and this year (HGA), so each walkthrough books its real costs:
HGA the SBO specialist's hours in kind on the expert pool (youth care pays its own); TOP the year at
De Kaleidoscoop on De Zonnebloem's own budget; IVO the arrangement at De Catamaran on the
partnership's arrangements line.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from passend.accounts.models import User
from passend.arrangementen import services as arr
from passend.arrangementen import tlv as tlvs
from passend.arrangementen.models import Arrangement
from passend.core import demo
from passend.dossier.services import bijdragen_save, groeidocument_sign
from passend.financien import kosten
from passend.financien.geld import euro, som_van
from passend.financien.models import Boeking
from passend.leerlingen.models import Leerling
from passend.matching.services import behoefteprofiel_vaststellen
from passend.organisaties.models import Deskundige, School
from passend.trajecten import services
from passend.trajecten.models import Route, Traject

pytestmark = pytest.mark.django_db

vandaag = timezone.localdate


@pytest.fixture
def regio(db):
    demo.load()
    return demo


def wie(naam: str) -> User:
    email = f"{naam}@ouders.example" if naam == "mirjam" else f"{naam}@voorbeeldregio.example"
    return User.objects.get(email=email)


def ryan() -> Leerling:
    return Leerling.objects.get(voornaam="Ryan")


def school(naam: str) -> School:
    return School.objects.get(naam=naam)


def pool(naam: str) -> Deskundige:
    return Deskundige.objects.get(naam=naam)


def stap(traject, actor, uitkomst, motivatie=""):
    traject.refresh_from_db()
    return services.traject_advance(
        actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
    )


def overleg(traject, actor, deelnemers, dagen_geleden=0):
    traject.refresh_from_db()
    return services.overleg_plan(
        actor=actor,
        traject=traject,
        datum=timezone.now() - timedelta(days=dagen_geleden),
        locatie="De Zonnebloem",
        deelnemers=deelnemers,
    )


def besluit(vergadering, actor, uitkomst, adviezen=None, motivatie="Zo besloten, met ieders instemming."):
    adviezen = adviezen or {}
    standpunten = {
        d.pk: {"aanwezig": True, "standpunt": "akkoord", "advies": adviezen.get(d.naam, "")}
        for d in vergadering.deelnemers.all()
    }
    return services.overleg_besluit(
        actor=actor, overleg=vergadering, uitkomst=uitkomst, motivatie=motivatie, standpunten=standpunten
    )


def start(route: str, actor=None):
    return services.traject_start(
        actor=actor or wie("esther"),
        route=Route.objects.get(code=route, samenwerkingsverband=ryan().samenwerkingsverband),
        leerling=ryan(),
        vraag="Wat heeft Ryan nodig aan onderwijs en ondersteuning?",
        signaal={
            "door": "leerkracht",
            "reden": "handelingsverlegenheid",
            "toelichting": "Gedragsproblemen, moeite met sociale interactie, taal blijft achter, gauw moe.",
        },
    )


def opp_vastgesteld():
    """Ryan's OPP, set with his mother's consent (the flow itself is in tests/dossier/test_opp.py)."""
    from passend.dossier import services as dossier

    versie = dossier.opp_save(
        actor=wie("karin"),
        leerling=ryan(),
        data={
            "uitstroomprofiel": "vmbo_bb",
            "onderbouwing": "Ryan leert goed met structuur en beeld.",
            "belemmerende_factoren": "Overprikkeling in drukke situaties.",
            "bevorderende_factoren": "Speciale interesses; betrokken ouders.",
            "ondersteuning": "Taal en gedrag in een kleine setting.",
            "startdatum": vandaag(),
            "einddatum": vandaag() + timedelta(days=365),
            "ouders_gehoord_op": vandaag(),
        },
        doelen=[{"domein": "leren", "soort": "einddoel", "omschrijving": "Vertelt in de kring wat hij deed."}],
    )
    ouder = ryan().ouderschappen.get(ouder__gebruiker=wie("mirjam")).ouder
    dossier.opp_instemming_record(actor=wie("mirjam"), leerling=ryan(), besluit="gegeven", datum=vandaag(), ouder=ouder)
    dossier.opp_vaststellen(actor=wie("karin"), leerling=ryan())
    return versie


def adviezen(aanvraag, actor):
    for naam, tekst in (
        ("Lineke Meijer", "Een kleine setting met veel structuur helpt Ryan."),
        ("Dr. M. Brouwer", "De vermoeidheid vraagt rustmomenten; geen medische belemmering."),
    ):
        tlvs.deskundigenadvies_vastleggen(
            actor=actor, aanvraag=aanvraag, deskundige=pool(naam), advies=tekst, datum=vandaag()
        )


def vpi_afgerond(esther):
    """Esther's VPI for Ryan: much support asked on behaviour, language and tiredness."""
    from passend.instrumenten import services as vragenlijsten
    from passend.instrumenten.models import Instrument

    vpi = Instrument.objects.get(samenwerkingsverband=ryan().samenwerkingsverband, code="vpi", actief=True)
    afname = vragenlijsten.afname_starten(actor=esther, instrument=vpi, leerling=ryan())
    hoog = {"emoties", "omgaan_met_anderen", "taal_spraak", "lichamelijk", "pedagogisch_reguleren"}
    antwoorden = {
        v.code: (2 if v.gebied.code in hoog else 1) if v.soort == "schaal" else "Speciale interesses helpen."
        for v in vpi.vragen.select_related("gebied")
    }
    vragenlijsten.afname_opslaan(actor=esther, afname=afname, antwoorden=antwoorden)
    return vragenlijsten.afname_afronden(actor=esther, afname=afname)


def geboekt(**filters) -> Decimal:
    return som_van(Boeking.objects.filter(**filters))


def posten_van(**filters) -> set[tuple[str, str | None]]:
    """Where the entries matching `filters` landed: (purpose of the line, school or None)."""
    return set(Boeking.objects.filter(**filters).values_list("post__doel", "post__school__naam"))


def geschiedenis(traject) -> list[tuple[str, str]]:
    return [(g.van_stap, g.uitkomst) for g in traject.gebeurtenissen.exclude(soort__in=["gestart", "regie"])]


# --- HGA -------------------------------------------------------------------------------------


def test_hga_ryan_gets_an_oja_and_two_new_goals_after_six_months(regio):
    traject = Traject.objects.get(leerling=ryan(), route_versie__route__code="hga")  # the demo: step 3
    karin, simone, esther, mirjam = wie("karin"), wie("simone"), wie("esther"), wie("mirjam")
    for ondertekenaar in (karin, mirjam):
        groeidocument_sign(actor=ondertekenaar, leerling=ryan(), soort="akkoord")
    services.aanvraag_create(
        actor=karin,
        traject=traject,
        soort="extra_ondersteuning",
        gevraagd="Ondersteuning voor Ryan, juf Esther en de ouders.",
        onderbouwing="Kindbespreking en aanpak in klas en thuis gaven te weinig vooruitgang.",
    )
    stap(traject, karin, "versturen")
    zes_maanden = 26 * 7
    mdo = overleg(
        traject,
        simone,
        [
            {"naam": esther.naam, "partij": "school", "gebruiker": esther},
            {"naam": karin.naam, "partij": "school", "gebruiker": karin},
            {"naam": mirjam.naam, "partij": "ouders"},
            {"naam": simone.naam, "partij": "swv", "gebruiker": simone, "deskundige": pool("Simone de Boer")},
            {"naam": "Rianne Bos", "partij": "sbo_so", "deskundige": pool("Rianne Bos")},
            {"naam": "Youssef Amrani", "partij": "jeugdhulp", "deskundige": pool("Youssef Amrani")},
        ],
        dagen_geleden=zes_maanden,
    )
    besluit(
        mdo,
        simone,
        "arrangement_toewijzen",
        adviezen={
            "Simone de Boer": "Ondersteuning van het hele systeem: Ryan, juf Esther en de ouders.",
            "Youssef Amrani": "Jeugdhulp thuis bij structuur en dagindeling.",
        },
    )
    traject.refresh_from_db()
    toegekend = traject.aanvragen.get(status="besloten").besluit
    assert toegekend.uitkomst == "toegekend" and toegekend.overleg == mdo

    # Step 5: an OJA — the onderwijsarrangement from the SBO and youth care for Ryan and his parents.
    begin = vandaag() - timedelta(days=zes_maanden)
    oja = arr.arrangement_toekennen(
        actor=simone,
        besluit=toegekend,
        soort="onderwijs_jeugdhulparrangement",
        doel_omschrijving="Ryan kan op De Zonnebloem blijven; juf Esther en de ouders weten hoe ze met hem omgaan.",
        startdatum=begin,
        einddatum=begin + timedelta(days=zes_maanden),
        ontvangers=["leerling", "leerkracht", "ouders"],
        rooster="Op vaste tijden apart met Ryan; thuisbegeleiding wekelijks.",
        doelen=[
            {"omschrijving": "Ryan breidt zijn woordenschat uit en vertelt in de kring."},
            {"omschrijving": "Juf Esther en de ouders bieden dezelfde structuur."},
            {"omschrijving": "Ryan speelt samen met leeftijdsgenoten."},
        ],
    )
    # Step 6: the ambulant begeleider works with Ryan and advises Esther; youth care at home.
    marleen = arr.aanbieder_toewijzen(
        actor=simone,
        arrangement=oja,
        soort="deskundige",
        deskundige=pool("Marleen de Groot"),
        uren_gepland=Decimal("52"),
    )
    jeugdhulp = arr.aanbieder_toewijzen(
        actor=simone, arrangement=oja, soort="jeugdhulp", naam="Hulpverlener jeugdhulp", uren_gepland=Decimal("26")
    )
    for weken, activiteit in ((1, "begeleiding_leerling"), (2, "coaching_leerkracht"), (3, "begeleiding_leerling")):
        arr.inzet_boeken(
            actor=wie("marleen"),
            aanbieder=marleen,
            datum=begin + timedelta(weeks=weken),
            activiteit=activiteit,
            uren=Decimal("1.5"),
        )
    oja.refresh_from_db()
    assert oja.status == "lopend"
    # HGA: the SBO specialist's hours are given in kind, on the expert pool at her discipline's rate
    # of that year; youth care pays its own hours, so the OJA books nothing elsewhere.
    assert posten_van(arrangement=oja) == {("expertpool", None)}
    assert geboekt(aanbieder=marleen, soort="realisatie") == sum(
        euro(i.uren * kosten.tarief(oja.samenwerkingsverband_id, i.datum.year, "uur", "ambulant_begeleider"))
        for i in marleen.inzet.all()
    )
    assert not Boeking.objects.filter(aanbieder=jeugdhulp).exists()
    # An MDO every two months: "are we on course?" — and after six months the evaluation-MDO.
    evaluaties = list(oja.evaluaties.order_by("gepland_op"))
    assert [(e.moment, (e.gepland_op - begin).days // 7) for e in evaluaties] == [
        ("tussentijds", 8),
        ("tussentijds", 16),
        ("tussentijds", 24),
        ("eind", 26),
    ]
    doelen = list(oja.doelen.all())
    for tussentijds in evaluaties[:3]:
        arr.evaluatie_vastleggen(
            actor=simone,
            evaluatie=tussentijds,
            datum=tussentijds.gepland_op,
            resultaten={d.pk: "deels" for d in doelen},
            uitkomst="voortzetten",
        )
    stap(traject, simone, "evalueren")
    eind_mdo = overleg(
        traject,
        simone,
        [
            {"naam": esther.naam, "partij": "school", "gebruiker": esther},
            {"naam": mirjam.naam, "partij": "ouders"},
            {"naam": simone.naam, "partij": "swv", "gebruiker": simone},
        ],
    )
    # Most goals met; the social interaction stays a point: two new goals, Simone keeps a finger on the pulse.
    arr.evaluatie_vastleggen(
        actor=simone,
        evaluatie=evaluaties[3],
        datum=vandaag(),
        resultaten={doelen[0].pk: "behaald", doelen[1].pk: "behaald", doelen[2].pk: "deels"},
        uitkomst="nieuwe_doelen",
        visie_leerkracht="Ryan doet het een stuk beter; zijn taal is flink vooruitgegaan.",
        visie_ouders="We weten beter hoe we met hem omgaan, en dat werkt.",
        nieuwe_doelen=[
            {"omschrijving": "Ryan sluit in de pauze aan bij het spel van anderen."},
            {"omschrijving": "Ryan lost een ruzie op met hulp van de juf."},
        ],
    )
    besluit(eind_mdo, simone, "nieuwe_doelen")

    oja.refresh_from_db()
    assert oja.doelen.count() == 5 and oja.status == "geevalueerd"
    assert [g.status for g in oja.gebeurtenissen.all()] == [
        "toegekend",
        "lopend",
        "geevalueerd",
        "geevalueerd",
        "geevalueerd",
        "geevalueerd",
    ]
    assert geschiedenis(traject)[-4:] == [
        ("groeidocument_versturen", "versturen"),
        ("mdo", "arrangement_toewijzen"),
        ("arrangement_bieden", "evalueren"),
        ("evaluatie_mdo", "nieuwe_doelen"),
    ]
    traject.refresh_from_db()
    assert traject.stap.code == "arrangement_bieden"  # the finger on the pulse


# --- TOP -------------------------------------------------------------------------------------


def test_top_ryan_a_year_at_de_kaleidoscoop_paid_by_de_zonnebloem_and_back(regio):
    traject = start("top")
    esther, vincent, mirjam, simone, geert = wie("esther"), wie("vincent"), wie("mirjam"), wie("simone"), wie("geert")
    stap(traject, vincent, "ib_laten_meekijken")
    stap(traject, vincent, "advies_so_vragen")
    driehoek = [
        {"naam": esther.naam, "partij": "school", "gebruiker": esther},
        {"naam": vincent.naam, "partij": "school", "gebruiker": vincent},
        {"naam": mirjam.naam, "partij": "ouders"},
        {"naam": "Marleen de Groot", "partij": "sbo_so", "deskundige": pool("Marleen de Groot")},
    ]
    besluit(overleg(traject, vincent, driehoek), vincent, "aanpak_op_school")
    stap(traject, esther, "plaatsing_overwegen")
    besluit(overleg(traject, vincent, driehoek), vincent, "ontvangende_school_benaderen")
    stap(traject, vincent, "kan_hulpvraag_beantwoorden")  # Rianne observed Ryan twice
    opp_vastgesteld()
    aanvraag = services.aanvraag_create(
        actor=vincent,
        traject=traject,
        soort="tlv_so",
        gevraagd="Een jaar op De Kaleidoscoop, daarna terug naar De Zonnebloem.",
        onderbouwing="Taal en gedrag oefenen in een kleine setting met meer begeleiding.",
        tlv_categorie="laag",
        ouders_gehoord_op=vandaag(),
    )
    services.aanvraag_ondertekenen(actor=vincent, aanvraag=aanvraag)
    rianne = {"naam": "Rianne Bos", "partij": "sbo_so", "deskundige": pool("Rianne Bos")}
    besluit(overleg(traject, vincent, [*driehoek[1:3], rianne]), vincent, "indienen")
    aanvraag.refresh_from_db()
    adviezen(aanvraag, simone)
    stap(traject, simone, "tlv_afgeven", "Alle drie de partijen staan achter de tijdelijke plaatsing.")
    toegekend = traject.aanvragen.get(status="besloten").besluit
    begin, terug = vandaag() - timedelta(weeks=52), vandaag()
    tlv = tlvs.tlv_afgeven(
        actor=simone,
        besluit=toegekend,
        ontvangende_school=school("De Kaleidoscoop"),
        startdatum=begin,
        einddatum=terug,
        terugkeer_gepland_op=terug,
    )
    assert (tlv.soort, tlv.categorie, tlv.nummer) == ("so", "laag", toegekend.nummer)
    plaatsing = arr.arrangement_toekennen(
        actor=simone,
        besluit=toegekend,
        soort="tijdelijke_plaatsing",
        doel_omschrijving="Met taal en gedrag oefenen om terug te kunnen naar De Zonnebloem.",
        startdatum=begin,
        einddatum=terug,
        ontvangers=["leerling"],
        plaats="so",
        plaats_school=school("De Kaleidoscoop"),
        financiering="school",  # the temporary placement is paid by De Zonnebloem
        terugkeer_op=terug,
        doelen=[{"omschrijving": "Gaat beter om met klasgenoten."}, {"omschrijving": "Taal gaat vooruit."}],
    )
    # The year at De Kaleidoscoop is charged to De Zonnebloem's own budget (financiering 'school'),
    # in each year it runs at that year's rate for a so place (category laag).
    jaarkosten = sum(kosten.plaatskosten(plaatsing, begin, terug, {begin.year, terug.year}).values(), Decimal("0"))
    assert Decimal("17000") < jaarkosten < Decimal("19000")
    assert geboekt(arrangement=plaatsing, soort="verplichting") == jaarkosten
    assert posten_van(arrangement=plaatsing) == {("schoolbudget", "De Zonnebloem")}
    services.betrokkene_add(actor=vincent, traject=traject, naam=geert.naam, partij="sbo_so", gebruiker=geert)
    taken = list(plaatsing.plaatsingstaken.order_by("uiterlijk"))
    assert [t.soort for t in taken] == [
        "observatie_voor",
        "observatie_voor",
        "afspraken_terugkeer",
        "observatie_na",
        "observatie_na",
        "nazorgadvies",
    ]
    for taak in taken[:2]:
        arr.plaatsingstaak_afronden(actor=geert, taak=taak, verslag="Rianne observeerde Ryan in de groep.", op=begin)
    # TOP's cadence: after half a year, and four weeks before the return.
    evaluaties = list(plaatsing.evaluaties.order_by("gepland_op"))
    assert [(e.moment, (e.gepland_op - begin).days // 7) for e in evaluaties] == [
        ("tussentijds", 26),
        ("voor_terugkeer", 48),
        ("eind", 52),
    ]
    stap(traject, geert, "halfjaarevaluatie")
    doelen = {d.pk: "deels" for d in plaatsing.doelen.all()}
    arr.evaluatie_vastleggen(
        actor=geert,
        evaluatie=evaluaties[0],
        datum=evaluaties[0].gepland_op,
        resultaten=doelen,
        uitkomst="voortzetten",
        visie_ouders="Hij gaat goed vooruit; de aanpak werkt.",
    )
    arr.plaatsingstaak_afronden(actor=geert, taak=taken[2], verslag="Afspraken over de terugkeer bij juf Desiree.")
    arr.evaluatie_vastleggen(
        actor=geert,
        evaluatie=evaluaties[1],
        datum=evaluaties[1].gepland_op,
        resultaten=dict.fromkeys(doelen, "behaald"),
        uitkomst="voortzetten",
    )
    gesprek = [
        {"naam": geert.naam, "partij": "sbo_so", "gebruiker": geert},
        {"naam": esther.naam, "partij": "school", "gebruiker": esther},
        {"naam": vincent.naam, "partij": "school", "gebruiker": vincent},
        {"naam": mirjam.naam, "partij": "ouders"},
    ]
    besluit(overleg(traject, geert, gesprek), geert, "terugkeer_voorbereiden")
    arr.evaluatie_vastleggen(
        actor=geert,
        evaluatie=evaluaties[2],
        datum=vandaag(),
        resultaten=dict.fromkeys(doelen, "behaald"),
        uitkomst="beeindigen",
        toelichting="Ryan is terug op De Zonnebloem, bij juf Desiree.",
    )
    stap(traject, vincent, "afsluiten")

    plaatsing.refresh_from_db()
    assert plaatsing.status == "beeindigd" and plaatsing.financiering == "school"
    # Ended at the return: the place was used the whole year, so its cost is spent, not released.
    assert geboekt(arrangement=plaatsing, soort="realisatie") == jaarkosten
    assert geboekt(arrangement=plaatsing, soort="verplichting") == 0
    assert posten_van(arrangement=plaatsing) == {("schoolbudget", "De Zonnebloem")}
    traject.refresh_from_db()
    assert traject.status == "afgesloten"
    assert geschiedenis(traject)[-5:] == [
        ("overeenkomst", "indienen"),
        ("bevestiging_swv", "tlv_afgeven"),
        ("tijdelijke_plaatsing", "halfjaarevaluatie"),
        ("evaluatie", "terugkeer_voorbereiden"),
        ("terugkeer", "afsluiten"),
    ]
    # After the return Geert observes twice; the tasks are still his, dated after the return.
    open_taken = plaatsing.plaatsingstaken.filter(gedaan_op__isnull=True).order_by("uiterlijk")
    assert [t.soort for t in open_taken] == ["observatie_na", "observatie_na", "nazorgadvies"]


# --- VPI -------------------------------------------------------------------------------------


def test_vpi_ryan_admitted_to_het_palet_after_four_months(regio):
    traject = start("vpi")
    esther, karin, pieter, vincent = wie("esther"), wie("karin"), wie("pieter"), wie("vincent")
    stap(traject, esther, "vpi_invullen", "Het aanbod sluit niet meer aan bij wat Ryan nodig heeft.")
    bijdragen_save(actor=wie("mirjam"), leerling=ryan(), teksten={"verwachtingen": "Rust en taal helpen hem."})
    vpi_afgerond(esther)
    stap(traject, esther, "bespreken")
    lb = overleg(
        traject,
        karin,
        [
            {"naam": esther.naam, "partij": "school", "gebruiker": esther},
            {"naam": karin.naam, "partij": "school", "gebruiker": karin},
            {"naam": "Lineke Meijer", "partij": "swv", "deskundige": pool("Lineke Meijer")},
        ],
    )
    besluit(lb, karin, "aanpak_bieden")
    stap(traject, esther, "verwijzing_nodig", "Na vier maanden onvoldoende vooruitgang.")
    opp_vastgesteld()
    aanvraag = services.aanvraag_create(
        actor=karin,
        traject=traject,
        soort="tlv_so",
        gevraagd="Toelating tot Het Palet.",
        onderbouwing="Het ingevulde VPI dient als onderwijskundig rapport.",
        tlv_categorie="midden",
        ouders_gehoord_op=vandaag(),
    )
    services.aanvraag_ondertekenen(actor=vincent, aanvraag=aanvraag)
    stap(traject, karin, "aanmelden")
    aanvraag.refresh_from_db()
    adviezen(aanvraag, wie("simone"))
    commissie = overleg(
        traject,
        pieter,
        [
            {"naam": pieter.naam, "partij": "swv", "gebruiker": pieter, "stemgerechtigd": True},
            {"naam": "Lid twee", "partij": "swv", "stemgerechtigd": True},
            {"naam": "Lid drie", "partij": "swv", "stemgerechtigd": True},
        ],
    )
    besluit(commissie, pieter, "tlv_afgeven")
    toegekend = traject.aanvragen.get(status="besloten").besluit
    tlv = tlvs.tlv_afgeven(
        actor=pieter,
        besluit=toegekend,
        ontvangende_school=school("Het Palet"),
        startdatum=vandaag(),
        einddatum=vandaag() + timedelta(days=2 * 365),
    )
    stap(traject, karin, "afsluiten", "Ryan is overgedragen aan Het Palet, met zijn VPI.")

    assert (tlv.soort, tlv.categorie, tlv.ontvangende_school.naam) == ("so", "midden", "Het Palet")
    traject.refresh_from_db()
    assert traject.status == "afgesloten"
    assert geschiedenis(traject) == [
        ("signalering", "vpi_invullen"),
        ("vpi_invullen", "bespreken"),
        ("vpi_bespreken", "aanpak_bieden"),
        ("aanpak_bieden", "verwijzing_nodig"),
        ("aanmelden_commissie", "aanmelden"),
        ("tlv_commissie", "tlv_afgeven"),
        ("plaatsing", "afsluiten"),
    ]


# --- IVO -------------------------------------------------------------------------------------


def test_ivo_ryan_three_mornings_a_week_at_de_catamaran_for_a_year(regio):
    traject = start("ivo")
    esther, simone, pieter = wie("esther"), wie("simone"), wie("pieter")
    stap(traject, esther, "trajectbegeleider_inschakelen")
    stap(traject, simone, "ivo_procedure_starten", "Een IVO-procedure in werking stellen.")
    services.aanvraag_create(
        actor=esther,
        traject=traject,
        soort="extra_ondersteuning",
        gevraagd="Wat Ryan nodig heeft op de vijf velden.",
        onderbouwing="Formulier onderwijsbehoeften van juf Esther en de ouders; advies van de jeugdarts.",
    )
    bijdragen_save(actor=wie("mirjam"), leerling=ryan(), teksten={"verwachtingen": "Hij is nog jong."})
    stap(traject, esther, "compleet")
    behoefteprofiel_vaststellen(
        actor=simone,
        leerling=ryan(),
        traject=traject,
        niveaus={"aandacht_tijd": 3, "materiaal": 3, "ruimte": 2, "expertise": 3, "samenwerking": 1},
    )
    stap(traject, simone, "voorleggen", "Compleet; samengevat op de vijf velden.")
    commissie = overleg(
        traject,
        pieter,
        [
            {"naam": pieter.naam, "partij": "swv", "gebruiker": pieter, "stemgerechtigd": True},
            {"naam": "Directeur uit de regio", "partij": "swv", "stemgerechtigd": True},
            {"naam": "Vertegenwoordiger SO", "partij": "sbo_so", "stemgerechtigd": True},
        ],
    )
    besluit(commissie, pieter, "aanvullend_arrangement")
    toegekend = traject.aanvragen.get(status="besloten").besluit
    begin = vandaag() - timedelta(days=364)
    aanvullend = arr.arrangement_toekennen(
        actor=simone,
        besluit=toegekend,
        soort="aanvullend",
        doel_omschrijving="Taalontwikkeling en gedrag in een klein groepje, afgestemd met De Zonnebloem.",
        startdatum=begin,
        einddatum=begin + timedelta(days=364),
        ontvangers=["leerling", "leerkracht"],
        plaats="andere_school",
        plaats_school=school("De Catamaran"),
        rooster="Drie ochtenden per week",
        materiaalbudget=Decimal("350.00"),
        doelen=[{"omschrijving": "Taal gaat vooruit."}, {"omschrijving": "Gedrag in de groep verbetert."}],
    )
    # Ryan's share of the expert teacher's small group (three mornings a week, about 360 hours a
    # year, for a group of four): it keeps the arrangement under the cap of € 7.000 a year.
    expertleerkracht = arr.aanbieder_toewijzen(
        actor=simone,
        arrangement=aanvullend,
        soort="school",
        naam="Expertleerkracht De Catamaran",
        uren_gepland=Decimal("90"),
    )
    # The partnership pays the arrangement at De Catamaran: materials and the planned hours at the
    # standard rate, on its arrangements line.
    assert geboekt(arrangement=aanvullend, soort="verplichting") == Decimal("350.00") + 90 * kosten.tarief(
        aanvullend.samenwerkingsverband_id, vandaag().year, "uur", "standaard"
    )
    assert posten_van(arrangement=aanvullend) == {("arrangementen", None)}
    evaluaties = list(aanvullend.evaluaties.order_by("gepland_op"))
    assert [(e.moment, (e.gepland_op - begin).days // 7) for e in evaluaties] == [("tussentijds", 26), ("eind", 52)]
    doelen = {d.pk: "deels" for d in aanvullend.doelen.all()}
    stap(traject, simone, "evalueren")
    arr.evaluatie_vastleggen(
        actor=simone,
        evaluatie=evaluaties[0],
        datum=evaluaties[0].gepland_op,
        resultaten=doelen,
        uitkomst="voortzetten",
        visie_ouders="Hij gaat goed vooruit.",
    )
    gesprek = [
        {"naam": esther.naam, "partij": "school", "gebruiker": esther},
        {"naam": "Expertleerkracht", "partij": "school", "functie": "De Catamaran"},
        {"naam": "Mirjam de Wit", "partij": "ouders"},
        {"naam": simone.naam, "partij": "swv", "gebruiker": simone},
    ]
    besluit(overleg(traject, simone, gesprek), simone, "voortzetten")
    stap(traject, simone, "evalueren")  # at the end of the year
    arr.inzet_boeken(
        actor=simone, aanbieder=expertleerkracht, datum=vandaag(), activiteit="begeleiding_leerling", uren=Decimal("3")
    )
    arr.evaluatie_vastleggen(
        actor=simone,
        evaluatie=evaluaties[1],
        datum=vandaag(),
        resultaten=dict.fromkeys(doelen, "behaald"),
        uitkomst="beeindigen",
        toelichting="Niet langer nodig: De Zonnebloem biedt zelf net iets extra's (materialen, remedial teaching).",
    )
    besluit(overleg(traject, simone, gesprek), simone, "afsluiten")

    aanvullend = Arrangement.objects.get(pk=aanvullend.pk)
    assert (aanvullend.status, aanvullend.rooster, aanvullend.plaats_school.naam) == (
        "beeindigd",
        "Drie ochtenden per week",
        "De Catamaran",
    )
    # The morning given is spent; ending releases what was committed and not spent.
    assert geboekt(arrangement=aanvullend, soort="realisatie") == 3 * kosten.tarief(
        aanvullend.samenwerkingsverband_id, vandaag().year, "uur", "standaard"
    )
    assert geboekt(arrangement=aanvullend, soort="verplichting") == 0
    assert posten_van(arrangement=aanvullend) == {("arrangementen", None)}
    traject.refresh_from_db()
    assert traject.status == "afgesloten"
    assert geschiedenis(traject)[-5:] == [
        ("ivo_commissie", "aanvullend_arrangement"),
        ("arrangement_bieden", "evalueren"),
        ("evaluatie", "voortzetten"),
        ("arrangement_bieden", "evalueren"),
        ("evaluatie", "afsluiten"),
    ]
