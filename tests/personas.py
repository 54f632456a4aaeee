"""The fixed cast every permission test uses (see DESIGN.md).

Two partnerships: A (with schools A and B, one board, one deelverband) and "other" with its
own school and beheerder. Each persona is a user with exactly the membership its name says.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.leerlingen.models import ExterneToegang, Leerling, Ouder, Ouderschap
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)

PASSWORD = "Een-lang-testwachtwoord-42"

PERSONAS = (
    "leerkracht_a",
    "leerkracht_andere_groep",
    "ib_a",
    "directeur_a",
    "ib_b",
    "rvz",
    "trajectbegeleider",
    "commissielid",
    "ouder",
    "extern",
    "extern_uitgenodigd",
    "beheerder",
    "beheerder_other",
)


@dataclass
class Cast:
    swv: Samenwerkingsverband
    swv_other: Samenwerkingsverband
    bestuur: Schoolbestuur
    deelverband: Deelverband
    school_a: School
    school_b: School
    school_other: School
    voorziening: Voorziening
    deskundige: Deskundige
    leerling_a: Leerling = None
    leerling_b: Leerling = None
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _user(key: str) -> User:
    return User.objects.create_user(f"{key}@test.example", PASSWORD, naam=key.replace("_", " ").title())


def build_cast() -> Cast:
    swv = Samenwerkingsverband.objects.create(naam="SWV Testregio", code="PO 90.01")
    other = Samenwerkingsverband.objects.create(naam="SWV Elders", code="PO 90.02")
    deel = Deelverband.objects.create(samenwerkingsverband=swv, naam="Noord")
    bestuur = Schoolbestuur.objects.create(samenwerkingsverband=swv, naam="Stichting Test", bestuursnummer="12345")
    bestuur_other = Schoolbestuur.objects.create(samenwerkingsverband=other, naam="Stichting Elders")
    school_a = School.objects.create(
        samenwerkingsverband=swv,
        schoolbestuur=bestuur,
        deelverband=deel,
        naam="School A",
        soort="bo",
        instellingscode="11AA00",
        postcode="1234 AB",
        plaats="Testdorp",
    )
    school_b = School.objects.create(
        samenwerkingsverband=swv,
        schoolbestuur=bestuur,
        naam="School B",
        soort="so",
        capaciteit=80,
        instellingscode="11BB00",
        postcode="1234 AC",
        plaats="Testdorp",
    )
    school_other = School.objects.create(
        samenwerkingsverband=other,
        schoolbestuur=bestuur_other,
        naam="School Elders",
        soort="bo",
        instellingscode="22CC00",
        postcode="5678 CD",
        plaats="Elders",
    )
    voorziening = Voorziening.objects.create(
        samenwerkingsverband=swv,
        naam="Observatieplek Test",
        soort="observatieplek",
        capaciteit=4,
        postcode="1234 AD",
        plaats="Testdorp",
    )
    deskundige = Deskundige.objects.create(
        samenwerkingsverband=swv, naam="Dr. Test", organisatie="Expertpool", discipline="orthopedagoog"
    )
    cast = Cast(swv, other, bestuur, deel, school_a, school_b, school_other, voorziening, deskundige)
    start = date(2020, 1, 1)

    def member(key, rol, swv_=swv, **scope):
        user = _user(key)
        Lidmaatschap.objects.create(user=user, rol=rol, samenwerkingsverband=swv_, geldig_van=start, **scope)
        cast.users[key] = user

    member("leerkracht_a", Rol.LEERKRACHT, school=school_a)
    member("leerkracht_andere_groep", Rol.LEERKRACHT, school=school_a)
    member("ib_a", Rol.IB, school=school_a)
    member("directeur_a", Rol.DIRECTEUR, school=school_a)
    member("ib_b", Rol.IB, school=school_b)
    member("rvz", Rol.RVZ, schoolbestuur=bestuur)
    member("trajectbegeleider", Rol.TRAJECTBEGELEIDER)
    member("commissielid", Rol.COMMISSIELID)
    member("ouder", Rol.OUDER)
    member("extern", Rol.EXTERN)
    member("extern_uitgenodigd", Rol.EXTERN)
    member("beheerder", Rol.BEHEERDER)
    member("beheerder_other", Rol.BEHEERDER, swv_=other)

    # Pupil A: groep 3 of school A, taught by leerkracht_a, child of the ouder persona.
    cast.leerling_a = Leerling.objects.create(
        samenwerkingsverband=swv,
        school=school_a,
        voornaam="Ryan",
        achternaam="Test",
        groep=3,
        geboortedatum=date(2018, 3, 1),
        datum_inschrijving=date(2022, 3, 1),
        postcode="1234 AB",
    )
    cast.leerling_a.leerkrachten.add(cast.users["leerkracht_a"])
    ouder = Ouder.objects.create(samenwerkingsverband=swv, naam="Ouder van Ryan", gebruiker=cast.users["ouder"])
    Ouderschap.objects.create(ouder=ouder, leerling=cast.leerling_a, relatie="moeder", gezag=True)
    cast.leerling_b = Leerling.objects.create(
        samenwerkingsverband=swv,
        school=school_b,
        voornaam="Bo",
        achternaam="Anders",
        groep=5,
        geboortedatum=date(2016, 5, 5),
        datum_inschrijving=date(2020, 8, 20),
    )
    # Externals of the same partnership: `extern` was invited to pupil A until yesterday (so
    # every route proves an expired invitation is refused), `extern_uitgenodigd` has access now.
    today = timezone.localdate()
    for key, geldig_tot in (("extern", today - timedelta(days=1)), ("extern_uitgenodigd", today + timedelta(days=30))):
        ExterneToegang.objects.create(
            leerling=cast.leerling_a,
            gebruiker=cast.users[key],
            doel="Onderzoek door de jeugdarts",
            geldig_van=today - timedelta(days=60),
            geldig_tot=geldig_tot,
            uitgenodigd_door=cast.users["ib_a"],
        )
    return cast
