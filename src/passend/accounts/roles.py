"""Role slugs (see GLOSSARY.md) and the kind of organisation each role belongs to."""

from django.db import models


class Rol(models.TextChoices):
    LEERKRACHT = "leerkracht", "Leerkracht"
    IB = "ib", "Intern begeleider"
    DIRECTEUR = "directeur", "Directeur"
    RVZ = "rvz", "Regievoerder zorgplicht"
    TRAJECTBEGELEIDER = "trajectbegeleider", "Trajectbegeleider"
    TEAMLEIDER = "teamleider", "Teamleider ondersteuningsspecialisten"
    DESKUNDIGE = "deskundige", "Ondersteuningsspecialist / deskundige"
    COORDINATOR = "coordinator", "Coördinator deelverband"
    COMMISSIELID = "commissielid", "Commissielid"
    SWV_MANAGEMENT = "swv_management", "Management samenwerkingsverband"
    BEHEERDER = "beheerder", "Functioneel beheerder"
    OUDER = "ouder", "Ouder / verzorger"
    EXTERN = "extern", "Externe betrokkene"


class Niveau(models.TextChoices):
    SCHOOL = "school", "School"
    SCHOOLBESTUUR = "schoolbestuur", "Schoolbestuur"
    DEELVERBAND = "deelverband", "Deelverband"
    SAMENWERKINGSVERBAND = "samenwerkingsverband", "Samenwerkingsverband"


NIVEAU_VAN_ROL = {
    Rol.LEERKRACHT: Niveau.SCHOOL,
    Rol.IB: Niveau.SCHOOL,
    Rol.DIRECTEUR: Niveau.SCHOOL,
    Rol.RVZ: Niveau.SCHOOLBESTUUR,
    Rol.COORDINATOR: Niveau.DEELVERBAND,
}

# Parents sign in differently (later issue); every other role handles professional data
# and must use two-factor authentication when PASSEND_REQUIRE_2FA is on.
PROFESSIONELE_ROLLEN = frozenset(Rol) - {Rol.OUDER}


def niveau_van(rol: str) -> str:
    return NIVEAU_VAN_ROL.get(rol, Niveau.SAMENWERKINGSVERBAND)
