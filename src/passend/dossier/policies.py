"""Who may read, write in and sign a pupil's groeidocument.

Reading and contributing follow access to the pupil (own teacher, IB'er and director of the
school, the parent). Signing is for the school's IB'er or director, and for a parent with
custody (gezag).
"""

from passend.accounts.roles import Rol
from passend.core.authz import register
from passend.leerlingen.policies import leerkracht_van_leerling, ouder_met_gezag, ouder_van_leerling, schoolleiding

register("dossier.view_groeidocument", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
register("dossier.contribute", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
register("dossier.sign", schoolleiding, ouder_met_gezag)


def partij_van(grant) -> str:
    return "ouders" if grant.lidmaatschap.rol == Rol.OUDER else "school"
