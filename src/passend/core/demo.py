"""Demo data: the partnership of the guide's Ryan case (seed 003) and a second one.

Loaded by `manage.py demo`. Idempotent: every object is looked up by its natural key and
created only when missing, so running it twice changes nothing. This is a bootstrap
loader, like a migration, and not a user-facing write path: it writes no audit events.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Ouder, Ouderschap
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Expertisethema,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)

DEMO_PASSWORD = "Passend-demo-2026"
DEMO_START = date(2026, 8, 1)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    naam: str
    rol: str
    organisatie: str  # natural key: school instellingscode, bestuur name, deelverband name or "" (SWV)
    swv: str  # partnership code
    toelichting: str


VOORBEELDREGIO = "PO 20.01"
RIVIERENLAND = "PO 25.05"

LOGINS = (
    DemoLogin(
        "esther@voorbeeldregio.example",
        "Esther de Vries",
        Rol.LEERKRACHT,
        "20ZB00",
        VOORBEELDREGIO,
        "juf Esther, groep 1 van De Zonnebloem",
    ),
    DemoLogin(
        "desiree@voorbeeldregio.example",
        "Desiree Smits",
        Rol.LEERKRACHT,
        "20ZB00",
        VOORBEELDREGIO,
        "juf Desiree, groep 3 van De Zonnebloem (niet de juf van Ryan)",
    ),
    DemoLogin(
        "mirjam@ouders.example",
        "Mirjam de Wit",
        Rol.OUDER,
        "",
        VOORBEELDREGIO,
        "moeder van Ryan (ouder)",
    ),
    DemoLogin(
        "fatima@ggd.example",
        "Fatima El Amrani",
        Rol.EXTERN,
        "",
        VOORBEELDREGIO,
        "Fatima, jeugdarts van de GGD, uitgenodigd voor het dossier van Ryan (extern)",
    ),
    DemoLogin(
        "karin@voorbeeldregio.example",
        "Karin Jansen",
        Rol.IB,
        "20ZB00",
        VOORBEELDREGIO,
        "IB'er Karin van De Zonnebloem",
    ),
    DemoLogin(
        "vincent@voorbeeldregio.example",
        "Vincent Bakker",
        Rol.DIRECTEUR,
        "20ZB00",
        VOORBEELDREGIO,
        "directeur Vincent van De Zonnebloem",
    ),
    DemoLogin("ilse@voorbeeldregio.example", "Ilse Mulder", Rol.IB, "20CM00", VOORBEELDREGIO, "IB'er van De Catamaran"),
    DemoLogin(
        "geert@voorbeeldregio.example",
        "Geert Visser",
        Rol.IB,
        "20KS00",
        VOORBEELDREGIO,
        "IB'er Geert van so De Kaleidoscoop",
    ),
    DemoLogin(
        "henk@voorbeeldregio.example",
        "Henk Smit",
        Rol.RVZ,
        "Stichting Zonnig Onderwijs",
        VOORBEELDREGIO,
        "regievoerder zorgplicht van Stichting Zonnig Onderwijs",
    ),
    DemoLogin(
        "simone@voorbeeldregio.example",
        "Simone de Boer",
        Rol.TRAJECTBEGELEIDER,
        "",
        VOORBEELDREGIO,
        "trajectbegeleider Simone (schoolpsycholoog)",
    ),
    DemoLogin(
        "lineke@voorbeeldregio.example",
        "Lineke Meijer",
        Rol.SWV_MANAGEMENT,
        "",
        VOORBEELDREGIO,
        "Lineke, gedragswetenschapper en management van het SWV",
    ),
    DemoLogin(
        "marleen@voorbeeldregio.example",
        "Marleen de Groot",
        Rol.DESKUNDIGE,
        "",
        VOORBEELDREGIO,
        "Marleen, ambulant begeleider vanuit het so",
    ),
    DemoLogin(
        "rianne@voorbeeldregio.example",
        "Rianne Bos",
        Rol.DESKUNDIGE,
        "",
        VOORBEELDREGIO,
        "Rianne, gedragsspecialist van De Kaleidoscoop",
    ),
    DemoLogin(
        "tamara@voorbeeldregio.example",
        "Tamara Vos",
        Rol.TEAMLEIDER,
        "",
        VOORBEELDREGIO,
        "teamleider ondersteuningsspecialisten",
    ),
    DemoLogin(
        "carla@voorbeeldregio.example",
        "Carla Peters",
        Rol.COORDINATOR,
        "Deelverband Noord",
        VOORBEELDREGIO,
        "coördinator deelverband Noord",
    ),
    DemoLogin(
        "pieter@voorbeeldregio.example",
        "Pieter Hendriks",
        Rol.COMMISSIELID,
        "",
        VOORBEELDREGIO,
        "lid van de toewijzingscommissie",
    ),
    DemoLogin(
        "bram@voorbeeldregio.example",
        "Bram van Dijk",
        Rol.BEHEERDER,
        "",
        VOORBEELDREGIO,
        "functioneel beheerder van De Voorbeeldregio",
    ),
    DemoLogin(
        "ruud@rivierenland.example",
        "Ruud Dekker",
        Rol.BEHEERDER,
        "",
        RIVIERENLAND,
        "functioneel beheerder van Rivierenland (tweede SWV)",
    ),
    DemoLogin(
        "anouk@rivierenland.example",
        "Anouk Willems",
        Rol.IB,
        "25DW00",
        RIVIERENLAND,
        "IB'er van De Dijkwerker (tweede SWV)",
    ),
)


def demo_logins() -> list[DemoLogin]:
    return list(LOGINS)


def _get_or_create(model, lookup: dict, defaults: dict):
    obj, _ = model.objects.get_or_create(**lookup, defaults=defaults)
    return obj


@transaction.atomic
def load() -> None:
    thema = {t.slug: t for t in Expertisethema.objects.all()}

    regio = _get_or_create(
        Samenwerkingsverband,
        {"code": VOORBEELDREGIO},
        {
            "naam": "Samenwerkingsverband De Voorbeeldregio",
            "basisondersteuning": "Elke school biedt handelingsgericht werken in de groep, een dyslexie- en "
            "dyscalculieprotocol, een aanpak voor gedrag en sociale veiligheid, en een intern begeleider "
            "die leerkrachten en ouders ondersteunt.",
        },
    )
    noord = _get_or_create(Deelverband, {"samenwerkingsverband": regio, "naam": "Deelverband Noord"}, {})
    zuid = _get_or_create(Deelverband, {"samenwerkingsverband": regio, "naam": "Deelverband Zuid"}, {})
    zonnig = _get_or_create(
        Schoolbestuur,
        {"samenwerkingsverband": regio, "naam": "Stichting Zonnig Onderwijs"},
        {"bestuursnummer": "41001"},
    )
    speciaal = _get_or_create(
        Schoolbestuur,
        {"samenwerkingsverband": regio, "naam": "Stichting Speciaal Onderwijs De Brug"},
        {"bestuursnummer": "41002"},
    )
    kompas = _get_or_create(
        Schoolbestuur, {"samenwerkingsverband": regio, "naam": "Vereniging Het Kompas"}, {"bestuursnummer": "41003"}
    )

    scholen = [
        (
            "20ZB00",
            "De Zonnebloem",
            "bo",
            zonnig,
            noord,
            None,
            "Smal ondersteuningsprofiel: basisondersteuning en weinig extra expertise.",
            "Zonnebloemstraat 4",
            "9401 AB",
            "Assen",
            "52.992100",
            "6.564200",
        ),
        (
            "20CM00",
            "De Catamaran",
            "bo",
            zonnig,
            noord,
            None,
            "Breed ondersteuningsprofiel, met een taalklas en ervaring met gedrag.",
            "Havenkade 12",
            "9402 CD",
            "Assen",
            "52.998700",
            "6.551000",
        ),
        (
            "20KS00",
            "De Kaleidoscoop",
            "so",
            speciaal,
            noord,
            120,
            "So cluster 4: leerlingen met gedrags- en psychiatrische problematiek.",
            "Kleurenpad 1",
            "9403 EF",
            "Assen",
            "53.004500",
            "6.570300",
        ),
        (
            "20PL00",
            "Het Palet",
            "so",
            speciaal,
            zuid,
            90,
            "So cluster 3: leerlingen met een verstandelijke of lichamelijke beperking.",
            "Schilderslaan 20",
            "7811 GH",
            "Emmen",
            "52.785600",
            "6.897100",
        ),
        (
            "20WW00",
            "De Wegwijzer",
            "sbo",
            kompas,
            zuid,
            150,
            "Speciaal basisonderwijs met kleine groepen en een observatieplek.",
            "Kompasweg 3",
            "7812 JK",
            "Emmen",
            "52.779900",
            "6.905500",
        ),
    ]
    by_code = {}
    for code, naam, soort, bestuur, deel, cap, profiel, straat, pc, plaats, lat, lon in scholen:
        by_code[code] = _get_or_create(
            School,
            {"samenwerkingsverband": regio, "instellingscode": code},
            {
                "naam": naam,
                "soort": soort,
                "schoolbestuur": bestuur,
                "deelverband": deel,
                "capaciteit": cap,
                "profiel": profiel,
                "straat": straat,
                "postcode": pc,
                "plaats": plaats,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
    _get_or_create(
        Voorziening,
        {"samenwerkingsverband": regio, "naam": "Observatieplek De Wegwijzer"},
        {
            "soort": Voorziening.Soort.OBSERVATIEPLEK,
            "capaciteit": 6,
            "school": by_code["20WW00"],
            "postcode": "7812 JK",
            "plaats": "Emmen",
            "omschrijving": "Zes weken observatie om de onderwijsbehoeften helder te krijgen.",
        },
    )
    _get_or_create(
        Voorziening,
        {"samenwerkingsverband": regio, "naam": "Tussenvoorziening De Overstap"},
        {
            "soort": Voorziening.Soort.TUSSENVOORZIENING,
            "capaciteit": 12,
            "postcode": "9404 LM",
            "plaats": "Assen",
            "omschrijving": "Tijdelijke plek voor leerlingen die (dreigen) thuis (te) zitten.",
        },
    )
    _get_or_create(
        Voorziening,
        {"samenwerkingsverband": regio, "naam": "Onderwijs-zorgarrangement De Brug"},
        {
            "soort": Voorziening.Soort.ONDERWIJSZORGARRANGEMENT,
            "capaciteit": 8,
            "school": by_code["20KS00"],
            "postcode": "9403 EF",
            "plaats": "Assen",
            "omschrijving": "Onderwijs en jeugdhulp op één plek.",
        },
    )

    pool = (
        (
            "Simone de Boer",
            "SWV expertpool",
            "psycholoog",
            ["gedrag", "sociaal-emotioneel", "jonge-kind"],
            "400",
            "simone@voorbeeldregio.example",
        ),
        (
            "Lineke Meijer",
            "SWV expertpool",
            "orthopedagoog",
            ["gedrag", "autisme", "adhd"],
            "300",
            "lineke@voorbeeldregio.example",
        ),
        (
            "Marleen de Groot",
            "So De Kaleidoscoop (ambulante dienst)",
            "ambulant_begeleider",
            ["gedrag", "autisme"],
            "600",
            "marleen@voorbeeldregio.example",
        ),
        (
            "Rianne Bos",
            "So De Kaleidoscoop",
            "gedragsspecialist",
            ["gedrag", "sociaal-emotioneel"],
            "200",
            "rianne@voorbeeldregio.example",
        ),
        (
            "Farid El Amrani",
            "SWV expertpool",
            "onderwijsspecialist",
            ["taal-spraak", "nt2", "lezen-dyslexie"],
            "500",
            "",
        ),
        (
            "Joke Hoekstra",
            "SWV expertpool",
            "onderwijsspecialist",
            ["dcd", "syndroom-van-down", "lichamelijke-beperking"],
            "450",
            "",
        ),
        (
            "Sanne Kuipers",
            "SWV expertpool",
            "orthopedagoog",
            ["meer-hoogbegaafdheid", "rekenen-dyscalculie"],
            "350",
            "",
        ),
        ("Dr. M. Brouwer", "GGD Drenthe", "jeugdarts", ["langdurig-ziek", "verzuim-thuiszitters"], "80", ""),
        (
            "Youssef Amrani",
            "CJG Assen",
            "maatschappelijk_werker",
            ["verzuim-thuiszitters", "sociaal-emotioneel"],
            "120",
            "",
        ),
    )
    users = {}
    for naam, organisatie, discipline, themas, uren, email in pool:
        deskundige = _get_or_create(
            Deskundige,
            {"samenwerkingsverband": regio, "naam": naam},
            {"organisatie": organisatie, "discipline": discipline, "uren_beschikbaar": Decimal(uren), "email": email},
        )
        if not deskundige.expertises.exists():
            deskundige.expertises.set([thema[t] for t in themas])
        if email:
            users[email] = deskundige

    rivierenland = _get_or_create(
        Samenwerkingsverband, {"code": RIVIERENLAND}, {"naam": "Samenwerkingsverband Rivierenland"}
    )
    waal = _get_or_create(
        Schoolbestuur,
        {"samenwerkingsverband": rivierenland, "naam": "Stichting Waalscholen"},
        {"bestuursnummer": "52001"},
    )
    by_code["25DW00"] = _get_or_create(
        School,
        {"samenwerkingsverband": rivierenland, "instellingscode": "25DW00"},
        {"naam": "De Dijkwerker", "soort": "bo", "schoolbestuur": waal, "postcode": "4001 AA", "plaats": "Tiel"},
    )
    _get_or_create(
        Deskundige,
        {"samenwerkingsverband": rivierenland, "naam": "Evelien Schouten"},
        {
            "organisatie": "Expertisecentrum Rivierenland",
            "discipline": "orthopedagoog",
            "uren_beschikbaar": Decimal("300"),
        },
    )

    swvs = {VOORBEELDREGIO: regio, RIVIERENLAND: rivierenland}
    for login in LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(login.email, DEMO_PASSWORD, naam=login.naam)
        swv = swvs[login.swv]
        scope = {"school": None, "schoolbestuur": None, "deelverband": None}
        if login.rol in (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR):
            scope["school"] = by_code[login.organisatie]
        elif login.rol == Rol.RVZ:
            scope["schoolbestuur"] = Schoolbestuur.objects.get(samenwerkingsverband=swv, naam=login.organisatie)
        elif login.rol == Rol.COORDINATOR:
            scope["deelverband"] = Deelverband.objects.get(samenwerkingsverband=swv, naam=login.organisatie)
        _get_or_create(
            Lidmaatschap,
            {"user": user, "rol": login.rol, "samenwerkingsverband": swv, **scope},
            {"geldig_van": DEMO_START},
        )
        if login.email in users and users[login.email].gebruiker_id is None:
            Deskundige.objects.filter(pk=users[login.email].pk).update(gebruiker=user)
    _load_leerlingen(regio, by_code)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    return date(month_index // 12, month_index % 12 + 1, min(day.day, 28))


# (school, voornaam, tussenvoegsel, achternaam, age in months, groep, leerkracht, months enrolled,
#  levels as (niveau, months ago, set by, why), months out of school or None)
LEERLINGEN = (
    (
        "20ZB00",
        "Ryan",
        "de",
        "Wit",
        56,
        1,
        "esther",
        7,
        (
            (1, 7, "esther", "Start in groep 1."),
            (
                2,
                4,
                "esther",
                "Taalontwikkeling blijft achter en Ryan is snel moe; "
                "aanpak in de groep beschreven in een handelingsplan.",
            ),
            (
                3,
                1,
                "karin",
                "Aanpassingen in de klas en thuis werken onvoldoende. "
                "Groeidocument gestart, met de ouders besproken in de kindbespreking.",
            ),
        ),
        None,
    ),
    ("20ZB00", "Sanne", "", "Vermeulen", 88, 3, "desiree", 40, ((1, 40, "esther", "Start op school."),), None),
    (
        "20ZB00",
        "Sem",
        "",
        "Bakker",
        110,
        5,
        "desiree",
        60,
        (
            (1, 60, "esther", "Start op school."),
            (3, 14, "karin", "Gedrag en werkhouding vragen veel; groeidocument gestart."),
            (4, 8, "karin", "Externe deskundigen betrokken; OPP opgesteld."),
        ),
        None,
    ),
    (
        "20ZB00",
        "Finn",
        "de",
        "Jong",
        116,
        6,
        "desiree",
        70,
        (
            (1, 70, "esther", "Start op school."),
            (3, 16, "karin", "Taal en gedrag vragen veel; groeidocument gestart."),
            (4, 10, "karin", "Externe deskundigen betrokken; OPP opgesteld."),
        ),
        None,
    ),
    (
        "20ZB00",
        "Daan",
        "",
        "Kok",
        90,
        3,
        "desiree",
        44,
        (
            (1, 44, "esther", "Start op school."),
            (2, 6, "desiree", "Extra instructie bij rekenen; handelingsplan voor zes weken."),
        ),
        None,
    ),
    (
        "20CM00",
        "Noor",
        "",
        "Hendriks",
        118,
        6,
        None,
        70,
        (
            (1, 70, None, "Start op school."),
            (
                4,
                3,
                "ilse",
                "Ernstige leesproblemen; onderzoek aangevraagd in overleg met ouders, OPP in voorbereiding.",
            ),
        ),
        None,
    ),
    (
        "20CM00",
        "Milan",
        "",
        "Jacobs",
        130,
        7,
        None,
        80,
        (
            (3, 10, "ilse", "Veel verzuim; gesprekken met ouders en leerplicht."),
            (4, 2, "ilse", "Milan zit thuis; de regievoerder zorgplicht is ingeschakeld."),
        ),
        2,
    ),
    (
        "20KS00",
        "Lotte",
        "van",
        "Maas",
        105,
        4,
        None,
        20,
        ((5, 20, "geert", "Geplaatst op so De Kaleidoscoop met een toelaatbaarheidsverklaring."),),
        None,
    ),
)


def _load_leerlingen(regio, by_code) -> None:
    today = date.today()
    staff = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@voorbeeldregio.example")}
    for code, voornaam, tussen, achternaam, age, groep, leerkracht, enrolled, levels, out in LEERLINGEN:
        school = by_code[code]
        leerling, created = Leerling.objects.get_or_create(
            school=school,
            voornaam=voornaam,
            achternaam=achternaam,
            defaults={
                "samenwerkingsverband": regio,
                "tussenvoegsel": tussen,
                "geboortedatum": _months_before(today, age),
                "groep": groep,
                "postcode": school.postcode,
                "datum_inschrijving": _months_before(today, enrolled),
                "thuiszitter_sinds": _months_before(today, out) if out else None,
            },
        )
        if not created:
            continue
        if leerkracht:
            leerling.leerkrachten.add(staff[leerkracht])
        fallback = next(lid.user for lid in school.lidmaatschappen.all() if lid.rol in (Rol.IB, Rol.DIRECTEUR))
        for niveau, ago, by, reden in levels:
            door = staff[by] if by else fallback
            Ondersteuningsniveau.objects.create(
                leerling=leerling,
                niveau=niveau,
                sinds=_months_before(today, ago),
                reden=reden,
                vastgesteld_door=door,
                vastgesteld_als=door.lidmaatschappen.first().rol,
            )

    ryan = Leerling.objects.get(school=by_code["20ZB00"], voornaam="Ryan", achternaam="Wit")
    mirjam = User.objects.get(email="mirjam@ouders.example")
    for naam, relatie, gebruiker, email in (
        ("Mirjam de Wit", Ouderschap.Relatie.MOEDER, mirjam, "mirjam@ouders.example"),
        ("Johan de Wit", Ouderschap.Relatie.VADER, None, ""),
    ):
        ouder, _ = Ouder.objects.get_or_create(
            samenwerkingsverband=regio, naam=naam, defaults={"gebruiker": gebruiker, "email": email}
        )
        Ouderschap.objects.get_or_create(ouder=ouder, leerling=ryan, defaults={"relatie": relatie, "gezag": True})
    _load_groeidocument(ryan, staff)
    _load_handelingsplannen(by_code, staff)
    _load_opps(by_code, staff)
    _load_externe_toegang(ryan, staff)
    _load_trajecten(regio, ryan, staff)
    _load_schoolarrangement(regio)
    from passend.core.demo_instrumenten import load as load_instrumenten
    from passend.core.demo_ondersteuning import load as load_ondersteuning

    load_instrumenten(regio)  # before the support: Sem's VPI traject needs his VPI
    from passend.core.demo_financien import load as load_financien

    load_financien(regio)  # before the support: its grants and hours book their costs on the budgets
    load_ondersteuning(regio)
    from passend.core.demo_matching import load as load_matching

    load_matching(regio)
    from passend.core.demo_rapportage import load as load_rapportage

    load_rapportage(regio)  # last: the history of earlier years, for the key figures


# Ryan's groeidocument in progress, as the guide describes it (seed 003, HGA, steps 2–3).
GROEIDOCUMENT_RYAN = (
    (
        "esther",
        "leerkracht",
        "aanleiding",
        "Ryan is 4 jaar en 8 maanden en zit sinds 7 maanden in groep 1. "
        "Hij heeft gedragsproblemen en problemen met de sociale interactie; zijn taalontwikkeling blijft achter "
        "en hij is gauw moe.",
    ),
    ("esther", "leerkracht", "gaat_goed", "Ryan heeft heel speciale interesses en kan daar lang mee bezig zijn."),
    ("esther", "leerkracht", "moeilijk", "In drukke situaties en bij overgangen raakt Ryan van slag."),
    (
        "esther",
        "leerkracht",
        "geprobeerd",
        "Een vaste plek in de kring, een dagritme met pictogrammen, korte opdrachten.",
    ),
    (
        "karin",
        "ib",
        "verklaringen",
        "Uit de observatie in de klas: Ryan raakt overprikkeld; de aanpassingen "
        "in de klas en thuis werken onvoldoende.",
    ),
    ("karin", "ib", "behoeften_leerkracht", "Juf Esther heeft behoefte aan advies over structuur en taalstimulering."),
    ("esther", "namens_leerling", "leerling_stem", "Ik vind dinosaurussen leuk. Als het lawaai is, wil ik weg."),
)


def _load_groeidocument(ryan, staff) -> None:
    from passend.dossier.models import Bijdrage, Groeidocument, Versie

    groeidocument, created = Groeidocument.objects.get_or_create(leerling=ryan)
    if not created:
        return
    versie = Versie.objects.create(groeidocument=groeidocument, nummer=1)
    for who, als, sectie, tekst in GROEIDOCUMENT_RYAN:
        Bijdrage.objects.create(
            versie=versie, sectie=sectie, auteur=staff[who], auteur_naam=staff[who].naam, als=als, tekst=tekst
        )


# --- Handelingsplan ---
# Ryan's plan from his level-2 period, evaluated with "opschalen" (which is why he is at level 3
# now), and a running plan of Daan (level 2) whose evaluation is due next month.


def _handelingsplan(leerling, onderwerp: str, door, opgesteld_op: datetime, gewijzigd_op: datetime, **velden) -> None:
    from passend.dossier.models import Handelingsplan

    plan, created = Handelingsplan.objects.get_or_create(
        leerling=leerling,
        onderwerp=onderwerp,
        defaults={"opgesteld_door": door, "opgesteld_door_naam": door.naam, **velden},
    )
    if created:
        # Written (and evaluated) back then, so the timeline tells the story in order.
        Handelingsplan.objects.filter(pk=plan.pk).update(opgesteld_op=opgesteld_op, gewijzigd_op=gewijzigd_op)


def _om(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _load_handelingsplannen(by_code, staff) -> None:
    from passend.dossier.models import Handelingsplan

    today = date.today()
    zonnebloem = by_code["20ZB00"]
    start = _months_before(today, 4)
    einde = start + timedelta(weeks=8)
    _handelingsplan(
        Leerling.objects.get(school=zonnebloem, voornaam="Ryan", achternaam="Wit"),
        "Taal en samen spelen in de kring",
        staff["esther"],
        _om(start, 8),
        _om(einde, 15),
        beginsituatie="Ryan zegt in de kring weinig en speelt vooral alleen. Bij drukte en overgangen raakt hij "
        "van slag, en hij is gauw moe.",
        doelen="Ryan maakt in de kring een korte zin over zijn eigen tekening of spel.\n"
        "Ryan speelt twee keer per week tien minuten samen met één klasgenoot in de bouwhoek.",
        aanpak="Een vaste plek in de kring naast juf Esther. Een dagritme met pictogrammen; overgangen vooraf "
        "aankondigen. Elke dag vijf minuten voorlezen en benoemen in een klein groepje. Samenspel in de bouwhoek "
        "met een vast maatje; de juf begeleidt de eerste minuten. De ouders horen wekelijks hoe het gaat.",
        startdatum=start,
        einddatum=einde,
        evaluatiedatum=einde,
        geevalueerd_op=einde,
        resultaat=Handelingsplan.Resultaat.DEELS,
        evaluatie="Met hulp maakt Ryan soms een zin van twee woorden; zelf begint hij er niet aan. Samenspelen "
        "lukt alleen kort en met de juf erbij. Aan het eind van de ochtend is hij erg moe. Het afstemmen van het "
        "aanbod heeft te weinig effect.",
        vervolg=Handelingsplan.Vervolg.OPSCHALEN,
        geevalueerd_door=staff["esther"],
        geevalueerd_door_naam=staff["esther"].naam,
    )
    start = today - timedelta(weeks=3)
    _handelingsplan(
        Leerling.objects.get(school=zonnebloem, voornaam="Daan", achternaam="Kok"),
        "Rekenen: splitsen tot 10",
        staff["desiree"],
        _om(start, 15),
        _om(start, 15),
        beginsituatie="Daan telt bij sommen tot 10 nog op zijn vingers en raakt bij de instructie aan de hele "
        "groep de draad kwijt.",
        doelen="Daan splitst de getallen tot 10 vlot met het rekenrek.\n"
        "Daan maakt sommen tot 10 zonder op zijn vingers te tellen.",
        aanpak="Verlengde instructie aan de instructietafel, vier keer per week tien minuten. Werken met het "
        "rekenrek en splitskaartjes. Elke vrijdag een kort kindgesprek: wat ging goed? De ouders oefenen thuis "
        "met het splitsspel.",
        startdatum=start,
        einddatum=_months_before(today, -1),
        evaluatiedatum=_months_before(today, -1),
    )


# --- OPP ---
# Lotte (so De Kaleidoscoop) has a set OPP, consented to by her mother, evaluated last year and
# due again soon; Noor (De Catamaran, level 4) has a concept that awaits her parents' consent.

OPP_LOTTE = {
    "uitstroomprofiel": "vso_arbeid",
    "uitstroombestemming": "Vso met uitstroomprofiel arbeidsmarkt",
    "onderbouwing": "Lotte leert in kleine stappen en met veel herhaling; haar ontwikkeling is stabiel.",
    "belemmerende_factoren": "Beperkt werkgeheugen; raakt in grote groepen het overzicht kwijt.",
    "bevorderende_factoren": "Werkt graag met haar handen, is sociaal en vraagt om hulp.",
    "didactisch_niveau": "Technisch lezen AVI M4, rekenen eind groep 3.",
    "ambitie": "Zelfstandig een eenvoudige werkopdracht uitvoeren.",
    "ondersteuning": "Onderwijs in een groep van twaalf leerlingen met een eigen leerlijn lezen en rekenen.",
    "begeleiding": "Mentor dagelijks; logopedie eens per week op school.",
    "afwijkingen": "Eigen leerlijn rekenen en lezen; geen Engels.",
    "leerling_visie": "Ik wil later met dieren werken.",
    "zienswijze_ouders": "Moeder is het eens met het uitstroomprofiel.",
}
OPP_NOOR = {
    "uitstroomprofiel": "vmbo_kb",
    "uitstroombestemming": "Vmbo kader met leerwegondersteuning",
    "onderbouwing": "Noor begrijpt de lesstof goed als zij niet zelf hoeft te lezen.",
    "belemmerende_factoren": "Ernstige leesproblemen; faalangst bij lezen hardop.",
    "bevorderende_factoren": "Sterk in begrijpend luisteren en rekenen; steun van thuis.",
    "ondersteuning": "Voorleessoftware en extra leesbegeleiding, drie keer per week twintig minuten.",
    "begeleiding": "Intern begeleider volgt de voortgang; leesspecialist van het samenwerkingsverband adviseert.",
    "afwijkingen": "Minder schrijfopdrachten; toetsen worden voorgelezen.",
}


def _load_opps(by_code, staff) -> None:
    from passend.dossier.models import Opp, OppDoel, OppEvaluatie, OppVersie
    from passend.leerlingen.models import Toestemming

    today = date.today()
    lotte = Leerling.objects.get(school=by_code["20KS00"], voornaam="Lotte", achternaam="Maas")
    if Opp.objects.filter(leerling=lotte).exists():
        return
    moeder_lotte, _ = Ouder.objects.get_or_create(
        samenwerkingsverband=lotte.samenwerkingsverband, naam="Anouk van Maas", defaults={"email": ""}
    )
    Ouderschap.objects.get_or_create(ouder=moeder_lotte, leerling=lotte, defaults={"relatie": "moeder", "gezag": True})
    geert = staff["geert"]
    vastgesteld = timezone.make_aware(datetime.combine(_months_before(today, 14), time(10)))
    versie = OppVersie.objects.create(
        opp=Opp.objects.create(leerling=lotte),
        nummer=1,
        startdatum=_months_before(today, 14),
        einddatum=_months_before(today, -10),
        ouders_gehoord_op=_months_before(today, 14),
        gewijzigd_door_naam=geert.naam,
        vastgesteld_op=vastgesteld,
        vastgesteld_door=geert,
        vastgesteld_door_naam=geert.naam,
        **OPP_LOTTE,
    )
    for domein, soort, tekst in (
        ("leren", "einddoel", "Leest eenvoudige werkinstructies zelfstandig."),
        ("leren", "tussendoel", "Leest AVI E4 met voldoende tempo."),
        ("werkhouding", "einddoel", "Werkt twintig minuten zelfstandig aan een taak."),
        ("sociaal_emotioneel", "tussendoel", "Vraagt zelf om hulp als zij vastloopt."),
    ):
        OppDoel.objects.create(versie=versie, domein=domein, soort=soort, omschrijving=tekst)
    Toestemming.objects.create(
        leerling=lotte,
        onderwerp=Toestemming.Onderwerp.OPP_HANDELINGSDEEL,
        besluit=Toestemming.Besluit.GEGEVEN,
        reikwijdte="Handelingsdeel van OPP versie 1",
        kenmerk=versie.handelingsdeel_kenmerk,
        ouder=moeder_lotte,
        datum=_months_before(today, 14),
        vastgelegd_door=geert,
        vastgelegd_als=Rol.IB,
    )
    OppEvaluatie.objects.create(
        opp=versie.opp,
        versie=versie,
        datum=today - timedelta(days=355),
        aanwezig="Moeder, mentor, intern begeleider",
        bevindingen="Lotte groeit in lezen; de doelen blijven staan.",
        conclusie=OppEvaluatie.Conclusie.VOORTZETTEN,
        vastgelegd_door=geert,
        vastgelegd_door_naam=geert.naam,
    )

    noor = Leerling.objects.get(school=by_code["20CM00"], voornaam="Noor", achternaam="Hendriks")
    vader_noor, _ = Ouder.objects.get_or_create(
        samenwerkingsverband=noor.samenwerkingsverband, naam="Martijn Hendriks", defaults={"email": ""}
    )
    Ouderschap.objects.get_or_create(ouder=vader_noor, leerling=noor, defaults={"relatie": "vader", "gezag": True})
    concept = OppVersie.objects.create(
        opp=Opp.objects.create(leerling=noor),
        nummer=1,
        startdatum=today,
        einddatum=_months_before(today, -12),
        ouders_gehoord_op=_months_before(today, 1),
        gewijzigd_door_naam=staff["ilse"].naam,
        **OPP_NOOR,
    )
    OppDoel.objects.create(
        versie=concept,
        domein="leren",
        soort="einddoel",
        omschrijving="Leest met voorleessoftware zelfstandig een tekst.",
    )


# --- Externe betrokkenen ---
# Seed 003, step 3: with Ryan's parents' consent the school asks the jeugdarts to examine where
# his tiredness comes from; level 3 (seed 002) expects that consent. The jeugdarts is invited
# to Ryan's dossier for half a year.


def _load_externe_toegang(ryan, staff) -> None:
    from passend.leerlingen.models import ExterneToegang, Toestemming

    today = date.today()
    karin = staff["karin"]
    sinds = _months_before(today, 1)
    if not Toestemming.objects.filter(leerling=ryan, onderwerp=Toestemming.Onderwerp.EXTERN).exists():
        Toestemming.objects.create(
            leerling=ryan,
            onderwerp=Toestemming.Onderwerp.EXTERN,
            besluit=Toestemming.Besluit.GEGEVEN,
            reikwijdte="Jeugdarts van de GGD, voor onderzoek naar Ryans vermoeidheid",
            ouder=Ouder.objects.get(samenwerkingsverband=ryan.samenwerkingsverband, naam="Mirjam de Wit"),
            datum=sinds,
            vastgelegd_door=karin,
            vastgelegd_als=Rol.IB,
        )
    fatima = User.objects.get(email="fatima@ggd.example")
    ExterneToegang.objects.get_or_create(
        leerling=ryan,
        gebruiker=fatima,
        defaults={
            "doel": "Onderzoek naar de vermoeidheid van Ryan en advies aan school en ouders (jeugdarts GGD)",
            "geldig_van": sinds,
            "geldig_tot": _months_before(today, -6),
            "uitgenodigd_door": karin,
        },
    )


# --- Routes and trajecten ---
# Every preset is installed; Ryan's HGA traject has got as far as the guide's step 3: juf
# Esther signalled, the tips in the class were not enough, and in the leerlingbespreking Esther,
# Karin and Ryan's mother decided to ask the partnership's trajectbegeleider for an MDO. Next,
# the signed groeidocument goes to the Loket.


def _load_trajecten(regio, ryan, staff) -> None:
    from django.utils import timezone

    from passend.trajecten import services
    from passend.trajecten.models import Route, Traject
    from passend.trajecten.routebestand import presets

    bram = User.objects.get(email="bram@voorbeeldregio.example")
    for code in presets():
        if not Route.objects.filter(samenwerkingsverband=regio, code=code).exists():
            services.route_create_from_preset(actor=bram, samenwerkingsverband=regio, preset=code)
    if Traject.objects.filter(leerling=ryan).exists():
        return
    esther, karin = staff["esther"], staff["karin"]
    mirjam = User.objects.get(email="mirjam@ouders.example")
    traject = services.traject_start(
        actor=esther,
        route=Route.objects.get(samenwerkingsverband=regio, code="hga"),
        leerling=ryan,
        vraag="Wat heeft Ryan nodig aan onderwijs en ondersteuning, en wat hebben juf Esther en zijn ouders nodig?",
        signaal={
            "door": "leerkracht",
            "reden": "handelingsverlegenheid",
            "toelichting": "Gedragsproblemen, moeite met sociale interactie; de taalontwikkeling blijft achter "
            "en Ryan is gauw moe.",
            "al_geprobeerd": "Tips uit de kindbespreking met Karin, een rustige plek, aansluiten bij zijn interesses.",
            "datum": date.today() - timedelta(days=30),
        },
    )
    for uitkomst in ("aanpak_in_klas", "werkt_onvoldoende"):
        traject.refresh_from_db()
        services.traject_advance(actor=esther, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst)
    traject.refresh_from_db()
    overleg = services.overleg_plan(
        actor=karin,
        traject=traject,
        datum=timezone.now() - timedelta(days=2),
        locatie="De Zonnebloem",
        deelnemers=[
            {"naam": esther.naam, "functie": "leerkracht groep 1", "partij": "school", "gebruiker": esther},
            {"naam": karin.naam, "functie": "intern begeleider", "partij": "school", "gebruiker": karin},
            {"naam": "Mirjam de Wit", "functie": "moeder", "partij": "ouders", "gebruiker": mirjam},
        ],
    )
    services.overleg_besluit(
        actor=karin,
        overleg=overleg,
        uitkomst="mdo_aanvragen",
        motivatie="De aanpassingen in de klas en thuis werken onvoldoende; samen willen we weten wat Ryan nodig heeft.",
        standpunten={d.pk: {"aanwezig": True, "standpunt": "akkoord"} for d in overleg.deelnemers.all()},
    )


# A question of De Catamaran about its team (seed 000): specialist expertise on behaviour, asked
# by Ilse, approved by Simone, granted by Tamara with a specialist: a decided application with
# its letter, for the partnership's staff and the school to look at.


def _load_schoolarrangement(regio) -> None:
    from passend.organisaties.models import Expertisethema
    from passend.trajecten import services
    from passend.trajecten.models import Route, Traject

    catamaran = School.objects.get(samenwerkingsverband=regio, naam="De Catamaran")
    if Traject.objects.filter(school=catamaran, leerling__isnull=True).exists():
        return
    ilse, simone, tamara = (
        User.objects.get(email=f"{naam}@voorbeeldregio.example") for naam in ("ilse", "simone", "tamara")
    )
    traject = services.traject_start(
        actor=ilse,
        route=Route.objects.get(samenwerkingsverband=regio, code="swv-schoolarrangement"),
        school=catamaran,
        onderwerp=Traject.Onderwerp.TEAM,
        vraag="Hoe leert het team van groep 5 en 6 omgaan met de vele gedragsvragen in de groepen?",
        signaal={
            "door": "ib",
            "reden": "schoolvraag",
            "toelichting": "Drie leerkrachten melden dat de groepen onrustig zijn; de aanpak verschilt per groep.",
            "al_geprobeerd": "Groepsbesprekingen en een gezamenlijke gedragsaanpak in de bouwvergadering.",
        },
    )

    def stap(actor, uitkomst, motivatie=""):
        traject.refresh_from_db()
        services.traject_advance(
            actor=actor, traject=traject, van_stap=traject.stap.code, uitkomst=uitkomst, motivatie=motivatie
        )

    stap(ilse, "specialistische_expertise", "Na overleg met Simone: expertise op gedrag voor het hele team.")
    services.aanvraag_create(
        actor=ilse,
        traject=traject,
        soort="specialistische_expertise",
        gevraagd="Een gedragsspecialist die het team van groep 5 en 6 een half jaar begeleidt en coacht in de klas.",
        onderbouwing="De gezamenlijke aanpak uit de bouwvergadering werkt nog niet in alle groepen.",
        expertisethema=Expertisethema.objects.get(slug="gedrag"),
    )
    stap(ilse, "indienen")
    stap(simone, "accorderen", "Een vraag van het team op het thema gedrag: specialistische expertise past.")
    marleen = User.objects.get(email="marleen@voorbeeldregio.example")
    services.betrokkene_add(
        actor=tamara, traject=traject, naam=marleen.naam, functie="gedragsspecialist", partij="swv", gebruiker=marleen
    )
    stap(tamara, "toekennen", "Toegekend: Marleen begeleidt het team een half jaar, twee dagdelen per maand.")
