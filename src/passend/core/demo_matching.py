"""Demo data for the five fields (seed 003, IVO): De Voorbeeldregio's basisondersteuning, the
profiles of its schools and provisions (De Zonnebloem narrow, De Catamaran broad), recorded
occupancy, two additional arrangements, the postcode areas of the demo's addresses, and Ryan's
needs summarised by Karin — so Ryan's matching proposes De Zonnebloem plus the language and
behaviour group at De Catamaran, as the guide's IVO commission decided. De Zonnebloem's director
has since submitted a broader profile, which waits for the partnership's check.
"""

from datetime import date
from decimal import Decimal

from passend.accounts.models import User
from passend.leerlingen.models import Leerling
from passend.matching import services
from passend.matching.models import Basisondersteuning
from passend.organisaties.models import Postcodegebied, School, Voorziening

POSTCODEGEBIEDEN = {
    "9401": ("52.9930", "6.5620"),
    "9402": ("52.9990", "6.5480"),
    "9403": ("53.0050", "6.5720"),
    "9404": ("52.9890", "6.5860"),
    "7811": ("52.7840", "6.8930"),
    "7812": ("52.7790", "6.9080"),
    "4001": ("51.8860", "5.4290"),
}

# (aandacht en tijd, materiaal, ruimte, expertise, samenwerking), with the explanation per field.
PROFIELEN = {
    ("school", "De Zonnebloem"): (
        (1, 1, 2, 1, 1),
        "Smalle ondersteuningsschool: basisondersteuning, een rustige werkplek in elke groep.",
    ),
    ("school", "De Catamaran"): (
        (3, 3, 2, 3, 2),
        "Brede school met een taalklas, expertleerkrachten voor taal en gedrag en vaste lijnen met het CJG.",
    ),
    ("school", "De Kaleidoscoop"): (
        (4, 3, 4, 4, 4),
        "So cluster 4: kleine groepen, gedragsspecialisten, jeugdhulp in de school.",
    ),
    ("school", "Het Palet"): ((4, 4, 4, 4, 3), "So cluster 3: aangepast materiaal, verzorging en therapie op school."),
    ("school", "De Wegwijzer"): ((3, 3, 3, 3, 2), "Sbo: kleine groepen, eigen leerlijnen, orthopedagoog in het team."),
    ("voorziening", "Observatieplek De Wegwijzer"): ((3, 3, 3, 4, 3), "Zes weken observatie en diagnostiek."),
    ("voorziening", "Tussenvoorziening De Overstap"): (
        (3, 2, 3, 3, 3),
        "Tijdelijke plek met onderwijs en begeleiding.",
    ),
    ("voorziening", "Onderwijs-zorgarrangement De Brug"): ((4, 3, 4, 4, 4), "Onderwijs en jeugdhulp op één plek."),
}
BEZETTING = {
    ("school", "De Kaleidoscoop"): 112,
    ("school", "Het Palet"): 90,
    ("school", "De Wegwijzer"): 141,
    ("voorziening", "Observatieplek De Wegwijzer"): 4,
    ("voorziening", "Tussenvoorziening De Overstap"): 9,
    ("voorziening", "Onderwijs-zorgarrangement De Brug"): 8,
}
VELDEN = ("aandacht_tijd", "materiaal", "ruimte", "expertise", "samenwerking")


def _niveaus(waarden) -> dict:
    return dict(zip(VELDEN, waarden, strict=True))


def load(regio) -> None:
    if Basisondersteuning.objects.filter(samenwerkingsverband=regio).exists():
        return
    for pc4, (lat, lon) in POSTCODEGEBIEDEN.items():
        Postcodegebied.objects.get_or_create(pc4=pc4, defaults={"latitude": Decimal(lat), "longitude": Decimal(lon)})
    Voorziening.objects.filter(samenwerkingsverband=regio, naam="Tussenvoorziening De Overstap", latitude=None).update(
        latitude=Decimal("52.989000"), longitude=Decimal("6.586000")
    )
    bram = User.objects.get(email="bram@voorbeeldregio.example")
    services.basisondersteuning_vaststellen(
        actor=bram,
        samenwerkingsverband=regio,
        niveaus=_niveaus((1, 1, 1, 1, 1)),
        toelichtingen={"expertise": "Elke school heeft een intern begeleider en werkt handelingsgericht."},
    )
    peildatum = date.today().replace(day=1)
    for (soort, naam), (waarden, samenvatting) in PROFIELEN.items():
        model = School if soort == "school" else Voorziening
        setting = model.objects.get(samenwerkingsverband=regio, naam=naam)
        if (soort, naam) in BEZETTING:
            model.objects.filter(pk=setting.pk).update(
                bezette_plaatsen=BEZETTING[(soort, naam)], bezetting_peildatum=peildatum
            )
        services.ondersteuningsprofiel_opstellen(
            actor=bram, setting=setting, niveaus=_niveaus(waarden), samenvatting=samenvatting
        )
    zonnebloem = School.objects.get(samenwerkingsverband=regio, naam="De Zonnebloem")
    catamaran = School.objects.get(samenwerkingsverband=regio, naam="De Catamaran")
    services.aanvullend_arrangement_opslaan(
        actor=bram,
        samenwerkingsverband=regio,
        data={
            "naam": "Taal- en gedragsgroep De Catamaran",
            "omschrijving": "Drie ochtenden per week in een klein groepje bij een expertleerkracht, met speciale "
            "materialen voor de taalontwikkeling; de expertleerkracht ondersteunt ook de eigen leerkracht.",
            "aandacht_tijd": 2,
            "materiaal": 2,
            "expertise": 2,
            "school": catamaran,
        },
    )
    services.aanvullend_arrangement_opslaan(
        actor=bram,
        samenwerkingsverband=regio,
        data={
            "naam": "Ambulante begeleiding gedrag",
            "omschrijving": "Een ambulant begeleider van De Kaleidoscoop begeleidt leerkracht en leerling "
            "op de eigen school.",
            "expertise": 2,
            "samenwerking": 1,
        },
    )
    vincent = User.objects.get(email="vincent@voorbeeldregio.example")
    services.ondersteuningsprofiel_opstellen(
        actor=vincent,
        setting=zonnebloem,
        niveaus=_niveaus((2, 2, 2, 1, 1)),
        samenvatting="Sinds dit jaar: extra materiaal voor taal en een remedial teacher één ochtend per week.",
        toelichtingen={"materiaal": "Remediërend taalmateriaal aangeschaft.", "aandacht_tijd": "Remedial teacher."},
    )
    karin = User.objects.get(email="karin@voorbeeldregio.example")
    ryan = Leerling.objects.get(school=zonnebloem, voornaam="Ryan", achternaam="Wit")
    services.behoefteprofiel_vaststellen(
        actor=karin,
        leerling=ryan,
        niveaus=_niveaus((3, 3, 2, 3, 1)),
        toelichtingen={
            "aandacht_tijd": "Dagelijks instructie in een klein groepje; veel herhaling.",
            "materiaal": "Speciaal materiaal voor taal en geletterdheid.",
            "ruimte": "Een rustige plek om tot rust te komen.",
            "expertise": "Een leerkracht met expertise in taalontwikkeling en gedrag.",
            "samenwerking": "Advies van de jeugdarts over zijn vermoeidheid.",
        },
        samenvatting="Samengevat met juf Esther, de ouders en trajectbegeleider Simone uit het formulier "
        "onderwijsbehoeften, het gesprek met Ryan en het advies van de jeugdarts.",
    )
