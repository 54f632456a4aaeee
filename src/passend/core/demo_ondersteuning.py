"""Demo data for support as it is delivered (issue 5): a pupil in each state, through the same
services a person uses, so a newcomer can click through them.

- De Catamaran's team: the specialist expertise on behaviour runs; Marleen books her hours.
- Sanne (De Zonnebloem): specialist expertise on DCD by Joke, ended a week ago; the end
  evaluation is overdue (Mijn taken of Karin and Simone); Karin bought writing aids from its
  budget for materials.
- Noor (De Catamaran): specialist expertise on reading granted, no expert yet (Tamara's
  "toewijzen" page, with the pool's suggestions).
- Milan (De Catamaran): specialist expertise on his return to school, evaluated at its end and
  extended by a quarter.
- Daan (De Zonnebloem): specialist expertise on arithmetic, ended at its end evaluation.
- Sem (De Zonnebloem): after the VPI the commission admitted him to sbo De Wegwijzer with a TLV;
  his parents objected and the objection awaits forwarding to the LBT (within 14 days).
- Finn (De Zonnebloem): TOP's temporary placement, a year at so De Kaleidoscoop paid by his own
  school; observed twice before, evaluated after half a year; the agreements about his return
  and the evaluation four weeks before it lie ahead (Geert's tasks).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from passend.accounts.models import User


def _wie(naam: str) -> User:
    return User.objects.get(email=f"{naam}@voorbeeldregio.example")


def _stap(traject, actor, uitkomst: str, motivatie: str = ""):
    from passend.trajecten import services

    traject.refresh_from_db()
    return services.traject_advance(
        actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
    )


def _route(regio, code: str):
    from passend.trajecten.models import Route

    return Route.objects.get(samenwerkingsverband=regio, code=code)


def _pool(naam: str):
    from passend.organisaties.models import Deskundige

    return Deskundige.objects.get(naam=naam)


def _moeder(regio, leerling, naam: str):
    from passend.leerlingen.models import Ouder, Ouderschap

    moeder, _ = Ouder.objects.get_or_create(samenwerkingsverband=regio, naam=naam)
    Ouderschap.objects.get_or_create(ouder=moeder, leerling=leerling, defaults={"relatie": "moeder", "gezag": True})
    return moeder


def _opp_vastgesteld(ib, leerling, moeder, *, gehoord_op, data: dict, doel: dict) -> None:
    """An OPP from `gehoord_op` (the talk with the parents), consented to by the mother, set."""
    from passend.dossier import services as dossier

    dossier.opp_save(
        actor=ib,
        leerling=leerling,
        data={**data, "startdatum": gehoord_op, "ouders_gehoord_op": gehoord_op},
        doelen=[{**doel, "soort": "einddoel"}],
    )
    dossier.opp_instemming_record(actor=ib, leerling=leerling, besluit="gegeven", datum=gehoord_op, ouder=moeder)
    dossier.opp_vaststellen(actor=ib, leerling=leerling)


def load(regio) -> None:
    from passend.arrangementen.models import Arrangement

    if Arrangement.objects.filter(samenwerkingsverband=regio).exists():
        return
    _catamaran_team(regio)
    _specialistische_expertise(
        regio,
        leerling=("Sanne", "Vermeulen"),
        door="karin",
        thema="dcd",
        vraag="Sanne heeft moeite met schrijven en bewegen: wat helpt haar in de klas?",
        gevraagd="Een specialist motoriek die Sanne en juf Desiree een kwartaal begeleidt.",
        deskundige="Joke Hoekstra",
        begon_weken_geleden=14,
        weken=13,
        # A budget for materials (€ 250), of which the school bought writing aids in week 2.
        materialen=("250", (2, "64.90", "Schrijfhulpen: driehoekige potloden en een schuine schrijfplank")),
    )
    _specialistische_expertise(
        regio,
        leerling=("Noor", "Hendriks"),
        door="ilse",
        thema="lezen-dyslexie",
        vraag="Noor leest ver onder haar niveau: welke begeleiding bij lezen heeft zij nodig?",
        gevraagd="Begeleiding bij lezen door een specialist, twee keer per week, een half jaar.",
        deskundige=None,
        begon_weken_geleden=0,
        weken=26,
    )
    _specialistische_expertise(
        regio,
        leerling=("Milan", "Jacobs"),
        door="ilse",
        thema="verzuim-thuiszitters",
        vraag="Milan zit thuis: wat helpt hem om weer naar school te gaan?",
        gevraagd="Een specialist die Milan, zijn ouders en de mentor een kwartaal begeleidt bij de terugkeer.",
        deskundige="Sanne Kuipers",
        begon_weken_geleden=14,
        weken=13,
        afloop="verlengd",
    )
    _specialistische_expertise(
        regio,
        leerling=("Daan", "Kok"),
        door="karin",
        thema="rekenen-dyscalculie",
        vraag="Daan loopt vast bij rekenen: hoe kan juf Desiree hem helpen?",
        gevraagd="Een specialist rekenen die juf Desiree een half jaar coacht.",
        deskundige="Farid El Amrani",
        begon_weken_geleden=30,
        weken=26,
        afloop="beeindigd",
    )
    _sem_tlv(regio)
    _finn_tijdelijke_plaatsing(regio)


def _catamaran_team(regio) -> None:
    from passend.arrangementen import services
    from passend.trajecten.models import Traject

    traject = Traject.objects.get(school__naam="De Catamaran", leerling__isnull=True)
    besluit = traject.aanvragen.get(status="besloten").besluit
    tamara, marleen = _wie("tamara"), _wie("marleen")
    begin = timezone.localdate() - timedelta(weeks=6)
    arrangement = services.arrangement_toekennen(
        actor=tamara,
        besluit=besluit,
        soort="specialistische_expertise",
        doel_omschrijving="Het team van groep 5 en 6 hanteert één aanpak bij gedragsvragen.",
        startdatum=begin,
        einddatum=begin + timedelta(weeks=26),
        ontvangers=["team", "leerkracht"],
        rooster="Twee dagdelen per maand",
        doelen=[
            {"omschrijving": "De leerkrachten van groep 5 en 6 gebruiken dezelfde afspraken in de klas."},
            {"omschrijving": "Onrust na de pauzes neemt af."},
        ],
    )
    aanbieder = services.aanbieder_toewijzen(
        actor=tamara,
        arrangement=arrangement,
        soort="deskundige",
        deskundige=_pool("Marleen de Groot"),
        uren_gepland=Decimal("24"),
    )
    for weken, activiteit in ((5, "observatie"), (3, "coaching_leerkracht"), (1, "coaching_leerkracht")):
        services.inzet_boeken(
            actor=marleen,
            aanbieder=aanbieder,
            datum=timezone.localdate() - timedelta(weeks=weken),
            activiteit=activiteit,
            uren=Decimal("2.5"),
            toelichting="In groep 5 en 6.",
        )


def _specialistische_expertise(
    regio, *, leerling, door, thema, vraag, gevraagd, deskundige, begon_weken_geleden, weken, afloop="", materialen=()
) -> None:
    """A pupil's request for specialist expertise through the chain of seed 000, decided, with
    the arrangement put into effect (and, when named, the expert assigned and booking hours;
    `materialen`: the budget for materials, then (week, amount, what) bought from it).
    `afloop` "verlengd": evaluated at its end and extended by a quarter; "beeindigd": ended at
    its end evaluation with the goals met."""
    from passend.arrangementen import services as arrangementen
    from passend.leerlingen.models import Leerling
    from passend.organisaties.models import Expertisethema
    from passend.trajecten import services

    kind = Leerling.objects.get(voornaam=leerling[0], achternaam=leerling[1])
    ib, simone, tamara = _wie(door), _wie("simone"), _wie("tamara")
    traject = services.traject_start(
        actor=ib,
        route=_route(regio, "swv-schoolarrangement"),
        leerling=kind,
        vraag=vraag,
        signaal={"door": "leerkracht", "reden": "mismatch", "toelichting": vraag},
    )
    _stap(traject, ib, "specialistische_expertise", "Na overleg met de trajectbegeleider en de ouders.")
    services.aanvraag_create(
        actor=ib,
        traject=traject,
        soort="specialistische_expertise",
        gevraagd=gevraagd,
        onderbouwing="De aanpak in de klas en een handelingsplan gaven te weinig vooruitgang.",
        expertisethema=Expertisethema.objects.get(slug=thema),
    )
    _stap(traject, ib, "indienen")
    _stap(traject, simone, "accorderen", "Een vraag op een thema van de expertpool.")
    _stap(traject, tamara, "toekennen", "Toegekend: specialistische expertise op dit thema.")
    traject.refresh_from_db()
    besluit = traject.aanvragen.get(status="besloten").besluit
    begin = timezone.localdate() - timedelta(weeks=begon_weken_geleden)
    arrangement = arrangementen.arrangement_toekennen(
        actor=tamara,
        besluit=besluit,
        soort="specialistische_expertise",
        doel_omschrijving=gevraagd,
        startdatum=begin,
        einddatum=begin + timedelta(weeks=weken),
        ontvangers=["leerling", "leerkracht"],
        doelen=[{"omschrijving": "De leerkracht weet wat helpt en past het toe."}],
        materiaalbudget=Decimal(materialen[0]) if materialen else Decimal("0"),
    )
    for week, bedrag, wat in materialen[1:]:
        arrangementen.materiaaluitgave_boeken(
            actor=ib,
            arrangement=arrangement,
            datum=begin + timedelta(weeks=week),
            bedrag=Decimal(bedrag),
            omschrijving=wat,
        )
    if deskundige is None:
        return
    specialist = _pool(deskundige)
    aanbieder = arrangementen.aanbieder_toewijzen(
        actor=tamara, arrangement=arrangement, soort="deskundige", deskundige=specialist, uren_gepland=Decimal("12")
    )
    for week in (1, 4, 8):
        arrangementen.inzet_boeken(
            actor=tamara,
            aanbieder=aanbieder,
            datum=begin + timedelta(weeks=week),
            activiteit="begeleiding_leerling" if week != 4 else "coaching_leerkracht",
            uren=Decimal("1.5"),
        )
    if not afloop:
        return
    eind = arrangement.evaluaties.get(moment="eind")
    behaald = "behaald" if afloop == "beeindigd" else "deels"
    arrangementen.evaluatie_vastleggen(
        actor=ib,
        evaluatie=eind,
        datum=eind.gepland_op,
        resultaten={doel.pk: behaald for doel in arrangement.doelen.all()},
        uitkomst="beeindigen" if afloop == "beeindigd" else "voortzetten",
        visie_leerkracht="De aanpak werkt; ik pas hem elke dag toe."
        if afloop == "beeindigd"
        else "Het gaat beter, maar nog niet zonder hulp.",
        toelichting="De doelen zijn behaald." if afloop == "beeindigd" else "Nog een kwartaal begeleiding.",
    )
    if afloop == "verlengd":
        arrangementen.arrangement_verlengen(
            actor=tamara,
            arrangement=arrangement,
            einddatum=arrangement.einddatum + timedelta(weeks=13),
            toelichting="Na de evaluatie: nog een kwartaal, om wat werkt vast te houden.",
        )


def _sem_tlv(regio) -> None:
    """Sem, after the VPI: admitted to sbo De Wegwijzer; his parents object."""
    from passend.arrangementen import tlv
    from passend.leerlingen.models import Leerling
    from passend.organisaties.models import School
    from passend.trajecten import services

    sem = Leerling.objects.get(voornaam="Sem", achternaam="Bakker")
    desiree, karin, vincent, simone, pieter = (_wie(n) for n in ("desiree", "karin", "vincent", "simone", "pieter"))
    vandaag = timezone.localdate()
    moeder = _moeder(regio, sem, "Ingrid Bakker")
    _opp_vastgesteld(
        karin,
        sem,
        moeder,
        gehoord_op=vandaag - timedelta(weeks=8),
        data={
            "uitstroomprofiel": "vmbo_bb",
            "onderbouwing": "Sem leert het best in een kleine groep met duidelijke structuur.",
            "belemmerende_factoren": "Snel afgeleid; conflicten in de groep.",
            "bevorderende_factoren": "Praktisch ingesteld, werkt graag met zijn handen.",
            "ondersteuning": "Een kleine groep met een vaste leerkracht en een gedragsaanpak.",
            "einddatum": vandaag + timedelta(weeks=44),
        },
        doel={"domein": "werkhouding", "omschrijving": "Werkt 20 minuten zelfstandig."},
    )

    traject = services.traject_start(
        actor=desiree,
        route=_route(regio, "vpi"),
        leerling=sem,
        vraag="Welke setting past Sem, nu het aanbod in de klas niet meer aansluit?",
        signaal={"door": "leerkracht", "reden": "mismatch", "toelichting": "Het VPI laat veel ondersteuning zien."},
    )
    _stap(traject, desiree, "vpi_invullen", "Het aanbod sluit niet meer aan.")
    from passend.core.demo_instrumenten import vpi_afronden

    vpi_afronden(
        sem,
        desiree,
        vandaag,
        {"omgaan_met_anderen", "voorwaarden_leren", "pedagogisch_reguleren", "leeromgeving"},
        "Sem is praktisch ingesteld en werkt graag met zijn handen.",
    )
    _stap(traject, desiree, "bespreken")
    _stap(traject, karin, "aanpak_bieden", "Pedagogisch reguleren en een aangepaste leeromgeving.")
    _stap(traject, desiree, "verwijzing_nodig", "Na vier maanden onvoldoende vooruitgang.")
    aanvraag = services.aanvraag_create(
        actor=karin,
        traject=traject,
        soort="tlv_sbo",
        gevraagd="Toelating tot sbo De Wegwijzer.",
        onderbouwing="Het VPI dient als onderwijskundig rapport; het OPP is vastgesteld.",
        ouders_gehoord_op=vandaag - timedelta(weeks=2),
        zienswijze_ouders="De ouders vinden het speciaal onderwijs passender dan het sbo.",
    )
    services.aanvraag_ondertekenen(actor=vincent, aanvraag=aanvraag)
    _stap(traject, karin, "aanmelden")
    aanvraag.refresh_from_db()
    for naam, advies in (
        ("Lineke Meijer", "Sem heeft een kleine groep met een vaste leerkracht nodig; het sbo kan dat bieden."),
        ("Dr. M. Brouwer", "Geen medische belemmering; aandacht voor slaap en rust."),
    ):
        tlv.deskundigenadvies_vastleggen(
            actor=simone, aanvraag=aanvraag, deskundige=_pool(naam), advies=advies, datum=vandaag - timedelta(weeks=1)
        )
    traject.refresh_from_db()
    commissie = services.overleg_plan(
        actor=pieter,
        traject=traject,
        datum=timezone.now() - timedelta(days=10),
        locatie="Kantoor van het samenwerkingsverband",
        deelnemers=[
            {"naam": pieter.naam, "partij": "swv", "gebruiker": pieter, "stemgerechtigd": True},
            {"naam": "Directeur sbo De Wegwijzer", "partij": "sbo_so", "stemgerechtigd": True},
            {"naam": "Directeur uit de regio", "partij": "swv", "stemgerechtigd": True},
        ],
    )
    services.overleg_besluit(
        actor=pieter,
        overleg=commissie,
        uitkomst="tlv_afgeven",
        motivatie="Sem is aangewezen op een kleine setting; het sbo biedt die, dicht bij huis.",
        standpunten={d.pk: {"aanwezig": True, "standpunt": "akkoord"} for d in commissie.deelnemers.all()},
    )
    traject.refresh_from_db()
    besluit = traject.aanvragen.get(status="besloten").besluit
    tlv.tlv_afgeven(
        actor=pieter,
        besluit=besluit,
        ontvangende_school=School.objects.get(samenwerkingsverband=regio, naam="De Wegwijzer"),
        startdatum=vandaag + timedelta(weeks=2),
        einddatum=vandaag + timedelta(weeks=2 + 104),
    )
    tlv.bezwaar_registreren(
        actor=simone,
        besluit=besluit,
        ontvangen_op=vandaag,
        ingediend_door="Ingrid Bakker, moeder van Sem",
        gronden="Wij denken dat Sem in het speciaal onderwijs beter op zijn plek is dan in het sbo.",
    )


def _finn_tijdelijke_plaatsing(regio) -> None:
    """Finn through TOP (seed 003): the triangle of school, parents and SO agrees on a year at
    De Kaleidoscoop; the partnership confirms with a TLV; De Zonnebloem pays the placement."""
    from passend.arrangementen import services as arrangementen
    from passend.arrangementen import tlv
    from passend.leerlingen.models import Leerling
    from passend.leerlingen.services import toestemming_record
    from passend.organisaties.models import School
    from passend.trajecten import services

    finn = Leerling.objects.get(voornaam="Finn", achternaam="Jong")
    desiree, karin, vincent, simone, geert = (_wie(n) for n in ("desiree", "karin", "vincent", "simone", "geert"))
    kaleidoscoop = School.objects.get(samenwerkingsverband=regio, naam="De Kaleidoscoop")
    vandaag = timezone.localdate()
    begin = vandaag - timedelta(weeks=30)
    terug = begin + timedelta(weeks=52)
    moeder = _moeder(regio, finn, "Linda de Jong")
    toestemming_record(
        actor=karin,
        leerling=finn,
        onderwerp="extern",
        besluit="gegeven",
        datum=begin - timedelta(weeks=16),
        ouder=moeder,
    )
    _opp_vastgesteld(
        karin,
        finn,
        moeder,
        gehoord_op=begin - timedelta(weeks=8),
        data={
            "uitstroomprofiel": "vmbo_bb",
            "onderbouwing": "Finn leert het best in een kleine groep met veel structuur en beeld.",
            "belemmerende_factoren": "Taal blijft achter; raakt in drukte van slag.",
            "bevorderende_factoren": "Leergierig; betrokken ouders.",
            "ondersteuning": "Een jaar taal en gedrag oefenen in het so, daarna terug naar De Zonnebloem.",
            "einddatum": terug,
        },
        doel={"domein": "leren", "omschrijving": "Vertelt in de kring een kort verhaal."},
    )

    traject = services.traject_start(
        actor=desiree,
        route=_route(regio, "top"),
        leerling=finn,
        vraag="Wat heeft Finn nodig om weer tot leren te komen?",
        signaal={"door": "leerkracht", "reden": "handelingsverlegenheid", "toelichting": "Taal en gedrag."},
    )
    _stap(traject, vincent, "ib_laten_meekijken")
    _stap(traject, vincent, "advies_so_vragen")
    rianne = {"naam": "Rianne Bos", "partij": "sbo_so", "deskundige": _pool("Rianne Bos")}
    driehoek = [
        {"naam": desiree.naam, "partij": "school", "gebruiker": desiree},
        {"naam": vincent.naam, "partij": "school", "gebruiker": vincent},
        {"naam": moeder.naam, "partij": "ouders"},
        rianne,
    ]

    def driegesprek(uitkomst, weken_geleden, motivatie):
        traject.refresh_from_db()
        gesprek = services.overleg_plan(
            actor=vincent,
            traject=traject,
            datum=timezone.now() - timedelta(weeks=weken_geleden),
            locatie="De Zonnebloem",
            deelnemers=driehoek,
        )
        services.overleg_besluit(
            actor=vincent,
            overleg=gesprek,
            uitkomst=uitkomst,
            motivatie=motivatie,
            standpunten={d.pk: {"aanwezig": True, "standpunt": "akkoord"} for d in gesprek.deelnemers.all()},
        )

    driegesprek("aanpak_op_school", 44, "Eerst oefeningen van het so in de eigen klas.")
    _stap(traject, desiree, "plaatsing_overwegen", "De oefeningen helpen te weinig.")
    driegesprek("ontvangende_school_benaderen", 38, "Een jaar op De Kaleidoscoop, dan terug.")
    _stap(traject, vincent, "kan_hulpvraag_beantwoorden", "Rianne observeerde Finn twee keer.")
    aanvraag = services.aanvraag_create(
        actor=vincent,
        traject=traject,
        soort="tlv_so",
        gevraagd="Een jaar op De Kaleidoscoop, daarna terug naar De Zonnebloem.",
        onderbouwing="Taal en gedrag oefenen in een kleine setting met meer begeleiding.",
        tlv_categorie="laag",
        ouders_gehoord_op=begin - timedelta(weeks=6),
    )
    services.aanvraag_ondertekenen(actor=vincent, aanvraag=aanvraag)
    driegesprek("indienen", 34, "School, ouders en so tekenen de overeenkomst.")
    aanvraag.refresh_from_db()
    for naam, advies in (
        ("Lineke Meijer", "Een kleine setting met veel structuur helpt Finn verder met taal."),
        ("Dr. M. Brouwer", "Geen medische belemmering; aandacht voor rust na school."),
    ):
        tlv.deskundigenadvies_vastleggen(
            actor=simone, aanvraag=aanvraag, deskundige=_pool(naam), advies=advies, datum=begin - timedelta(weeks=4)
        )
    _stap(traject, simone, "tlv_afgeven", "School, ouders en so staan achter de tijdelijke plaatsing.")
    traject.refresh_from_db()
    besluit = traject.aanvragen.get(status="besloten").besluit
    tlv.tlv_afgeven(
        actor=simone,
        besluit=besluit,
        ontvangende_school=kaleidoscoop,
        startdatum=begin,
        einddatum=terug,
        terugkeer_gepland_op=terug,
    )
    plaatsing = arrangementen.arrangement_toekennen(
        actor=simone,
        besluit=besluit,
        soort="tijdelijke_plaatsing",
        doel_omschrijving="Met taal en gedrag oefenen om terug te kunnen naar De Zonnebloem.",
        startdatum=begin,
        einddatum=terug,
        ontvangers=["leerling"],
        plaats="so",
        plaats_school=kaleidoscoop,
        financiering="school",
        terugkeer_op=terug,
        doelen=[{"omschrijving": "Gaat beter om met klasgenoten."}, {"omschrijving": "Taal gaat vooruit."}],
    )
    services.betrokkene_add(actor=vincent, traject=traject, naam=geert.naam, partij="sbo_so", gebruiker=geert)
    for taak in plaatsing.plaatsingstaken.filter(soort="observatie_voor"):
        arrangementen.plaatsingstaak_afronden(
            actor=geert, taak=taak, verslag="Rianne observeerde Finn in zijn groep.", op=taak.uiterlijk
        )
    _stap(traject, geert, "halfjaarevaluatie", "Een half jaar op De Kaleidoscoop.")
    halfjaar = plaatsing.evaluaties.get(moment="tussentijds")
    arrangementen.evaluatie_vastleggen(
        actor=geert,
        evaluatie=halfjaar,
        datum=halfjaar.gepland_op,
        resultaten={d.pk: "deels" for d in plaatsing.doelen.all()},
        uitkomst="voortzetten",
        visie_leerkracht="Finn vertelt vaker in de kring en speelt rustiger.",
        visie_ouders="Hij gaat met plezier naar school.",
    )
