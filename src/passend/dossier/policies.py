"""Who may read, write in and sign a pupil's groeidocument.

Reading and contributing follow access to the pupil (own teacher, IB'er and director of the
school, the parent). Signing is for the school's IB'er or director, and for a parent with
custody (gezag).
"""

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.leerlingen.policies import leerkracht_van_leerling, ouder_met_gezag, ouder_van_leerling, schoolleiding

register("dossier.view_groeidocument", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
register("dossier.contribute", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
register("dossier.sign", schoolleiding, ouder_met_gezag)


def partij_van(grant) -> str:
    return "ouders" if grant.lidmaatschap.rol == Rol.OUDER else "school"


# --- Documents and notes: who sees an item depends on its confidentiality level ----------
#
# school and traject: the pupil's teacher, the IB'er and the director (partnership roles
# reach `traject` items once trajecten exist); medisch: only the IB'er and the director.
# Parents see what is shared with them and what they added themselves.


def relatie_tot(user, leerling) -> str | None:
    """How `user` relates to the pupil: the code of the rule that grants them the dossier."""
    from passend.core.authz import explain

    grant = explain(user, "leerlingen.view", leerling)
    return grant.rule.code if grant else None


def zichtbare_items(user, leerling, eigenaar_veld: str) -> Q:
    """Filter on Document or Notitie: the items of this pupil `user` may see."""
    relatie = relatie_tot(user, leerling)
    if relatie == "schoolleiding":
        return Q(leerling=leerling)
    if relatie == "leerkracht_van_leerling":
        return Q(leerling=leerling) & ~Q(vertrouwelijkheid="medisch")
    if relatie == "ouder_van_leerling":
        return Q(leerling=leerling) & (Q(gedeeld_met_ouders=True) | Q(**{eigenaar_veld: user}))
    return Q(pk__in=[])


@rule("mag_item_zien", "ziet dit item volgens het vertrouwelijkheidsniveau")
def mag_item_zien(user, item):
    eigenaar = "geupload_door" if hasattr(item, "geupload_door_id") else "auteur"
    if item.__class__.objects.filter(zichtbare_items(user, item.leerling, eigenaar), pk=item.pk).exists():
        from passend.core.authz import explain

        return explain(user, "leerlingen.view", item.leerling).lidmaatschap
    return None


register("dossier.view_item", mag_item_zien)
register("dossier.add_item", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
