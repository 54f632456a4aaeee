"""Who may read, write in and sign a pupil's groeidocument.

Reading and contributing follow access to the pupil (own teacher, IB'er and director of the
school, the parent); an invited external only reads. Signing is for the school's IB'er or
director, and for a parent with custody (gezag).
"""

from django.db.models import Q

from passend.accounts.roles import Rol
from passend.core.authz import register, rule
from passend.leerlingen.policies import (
    betrokken_via_traject,
    extern_uitgenodigd,
    leerkracht_van_leerling,
    ouder_met_gezag,
    ouder_van_leerling,
    schoolleiding,
)

# An invited external reads the groeidocument; writing in it and signing are for school and parents.
# Partnership roles reach the dossier through a traject (the MDO walks the groeidocument).
register(
    "dossier.view_groeidocument",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
register("dossier.contribute", leerkracht_van_leerling, schoolleiding, ouder_van_leerling)
register("dossier.sign", schoolleiding, ouder_met_gezag)


def partij_van(grant) -> str:
    return "ouders" if grant.lidmaatschap.rol == Rol.OUDER else "school"


# --- Documents and notes: who sees an item depends on its confidentiality level ----------
#
# school and traject: the pupil's teacher, the IB'er and the director; medisch: only the
# IB'er and the director. Partnership roles reached through a traject see what an external
# sees: `traject` items, shared medical reports, and their own.
# Parents see what is shared with them and what they added themselves. An invited external
# sees `traject` items, medical reports the parents allowed to be shared beyond the school,
# and their own items; never `school` items.


# Relations from outside the school: their items are for the traject (or medical), never for
# the school alone, and they see only what is shared beyond the school.
BUITEN_DE_SCHOOL = frozenset({"extern_uitgenodigd", "betrokken_via_traject"})


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
    if relatie in BUITEN_DE_SCHOOL:
        zichtbaar = Q(vertrouwelijkheid="traject") | Q(**{eigenaar_veld: user})
        if eigenaar_veld == "geupload_door":
            # Only documents carry the parents' decision to share a medical report beyond the school.
            zichtbaar |= Q(vertrouwelijkheid="medisch", delen_buiten_school=True)
        return Q(leerling=leerling) & zichtbaar
    return Q(pk__in=[])


@rule("mag_item_zien", "ziet dit item volgens het vertrouwelijkheidsniveau")
def mag_item_zien(user, item):
    eigenaar = "geupload_door" if hasattr(item, "geupload_door_id") else "auteur"
    if item.__class__.objects.filter(zichtbare_items(user, item.leerling, eigenaar), pk=item.pk).exists():
        from passend.core.authz import explain

        return explain(user, "leerlingen.view", item.leerling).lidmaatschap
    return None


register("dossier.view_item", mag_item_zien)
# Invited externals add their reports and notes.
register(
    "dossier.add_item",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)


# --- OPP -----------------------------------------------------------------------------------
#
# The school draws up the OPP (teacher and IB'er write, the school's leadership sets it);
# parents read it and decide on its handelingsdeel (leerlingen.record_toestemming).
register(
    "dossier.view_opp",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
register("dossier.edit_opp", leerkracht_van_leerling, schoolleiding)
register("dossier.vaststellen_opp", schoolleiding)
register("dossier.evaluate_opp", leerkracht_van_leerling, schoolleiding)


# --- Handelingsplan ---
#
# Seed 002: at level 2 the teacher writes the plan and evaluates it; the school's leadership
# may too. Parents are kept informed, so they read the plans but do not write them.
register(
    "dossier.view_handelingsplan",
    leerkracht_van_leerling,
    schoolleiding,
    ouder_van_leerling,
    extern_uitgenodigd,
    betrokken_via_traject,
)
register("dossier.edit_handelingsplan", leerkracht_van_leerling, schoolleiding)
