"""IVO's five fields (seed 003) and the default intensity scale a partnership starts from.

Needs and offers are described on the same five fields; a level is how much is needed or
available, from 0 (nothing beyond the ordinary) up. A partnership's beheerder can rewrite the
descriptions and the number of levels per field (models.Intensiteitsniveau).
"""

VELDEN = ("aandacht_tijd", "materiaal", "ruimte", "expertise", "samenwerking")

VELD_NAMEN = {
    "aandacht_tijd": "Aandacht en tijd",
    "materiaal": "Onderwijsmateriaal",
    "ruimte": "Ruimtelijke omgeving",
    "expertise": "Expertise",
    "samenwerking": "Samenwerking met andere instanties",
}

VELD_VRAGEN = {
    "aandacht_tijd": "Hoeveel extra tijd en handen in de klas zijn nodig of beschikbaar; welke groepsgrootte?",
    "materiaal": "Welke onderwijsmaterialen zijn nodig of beschikbaar?",
    "ruimte": "Welke aanpassingen in de klas, in en om het gebouw zijn nodig of beschikbaar?",
    "expertise": "Welke team- en specialistische expertise is nodig of beschikbaar, en hoe intensief?",
    "samenwerking": "Welke samenwerking met instellingen buiten het onderwijs is nodig of beschikbaar?",
}

STANDAARD_SCHAAL = {
    "aandacht_tijd": (
        "Wat elke leerling in de groep krijgt",
        "Af en toe extra aandacht of instructie in de groep",
        "Dagelijks extra instructie of begeleiding, soms in een klein groepje",
        "Een groot deel van de dag een extra volwassene of een kleine groep",
        "Voortdurend individuele begeleiding of een zeer kleine groep",
    ),
    "materiaal": (
        "De gewone methodes",
        "Aanvullend of remediërend materiaal bij de methode",
        "Aangepaste leerstof op een eigen leerlijn",
        "Speciale leer- en hulpmiddelen (bijvoorbeeld software, vergroting)",
        "Volledig aangepast materiaal en specialistische hulpmiddelen",
    ),
    "ruimte": (
        "Het gewone klaslokaal",
        "Een vaste rustige werkplek in de klas",
        "Een aparte ruimte om even tot rust te komen of te werken",
        "Aanpassingen in het gebouw (bijvoorbeeld toegankelijkheid, prikkelarm lokaal)",
        "Een speciaal ingerichte omgeving (bijvoorbeeld verzorgingsruimte, time-outruimte)",
    ),
    "expertise": (
        "Wat elke leerkracht kan (basisondersteuning)",
        "Advies van de intern begeleider of een collega met extra kennis",
        "Een specialist in het team (bijvoorbeeld gedrag, taal, dyslexie)",
        "Regelmatige inzet van een externe specialist",
        "Intensieve specialistische expertise, zoals in het speciaal (basis)onderwijs",
    ),
    "samenwerking": (
        "Geen samenwerking buiten de school nodig",
        "Af en toe overleg met een externe partner (bijvoorbeeld de jeugdarts)",
        "Vaste afspraken met één externe partner (bijvoorbeeld logopedie, CJG)",
        "Samenwerking met meerdere partners in één plan (onderwijs en jeugdhulp)",
        "Onderwijs en zorg geïntegreerd op één plek",
    ),
}

HOOGSTE_NIVEAU = 4
MIN_NIVEAUS, MAX_NIVEAUS = 2, 7
