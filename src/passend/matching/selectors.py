"""Reads of needs, profiles, the network and the matching advice: scoped by the policy, audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from passend.core import audit
from passend.core.authz import can, explain
from passend.core.selectors import get_visible
from passend.leerlingen.selectors import leerling_get
from passend.matching import engine
from passend.matching.models import (
    AanvullendArrangement,
    Basisondersteuning,
    Behoefteprofiel,
    Intensiteitsniveau,
    Matchkeuze,
    Ondersteuningsprofiel,
)
from passend.matching.velden import STANDAARD_SCHAAL, VELD_NAMEN, VELDEN
from passend.organisaties.models import Postcodegebied, School, Voorziening

# --- The scale and the partnership's basisondersteuning ------------------------------------------


def schaal(samenwerkingsverband_id) -> dict[str, list[tuple[int, str]]]:
    """Per field the levels and their descriptions: the partnership's own, else the default."""
    eigen: dict[str, list[tuple[int, str]]] = {}
    for rij in Intensiteitsniveau.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id).order_by(
        "veld", "niveau"
    ):
        eigen.setdefault(rij.veld, []).append((rij.niveau, rij.omschrijving))
    return {veld: eigen.get(veld) or list(enumerate(STANDAARD_SCHAAL[veld])) for veld in VELDEN}


def basisondersteuning(samenwerkingsverband_id) -> Basisondersteuning | None:
    return Basisondersteuning.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id).first()


def samenwerkingsverband_get(*, actor, pk, permission: str = "matching.view_netwerk"):
    """A partnership the actor works in, named by id (the API's `?samenwerkingsverband=` and path).
    Any other, or none, answers 404 alike and the refusal is audited. Success is not audited here:
    a partnership is no personal data, and the callers audit what they read in it."""
    from passend.organisaties.models import Samenwerkingsverband
    from passend.organisaties.policies import scope_view

    swv = None
    if str(pk).isdigit():
        swv = Samenwerkingsverband.objects.filter(scope_view(actor, Samenwerkingsverband), pk=pk).first()
    if swv is None or not can(actor, permission, swv):
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="organisaties.samenwerkingsverband",
            detail={"gevraagd_id": str(pk)[:64], "permissie": permission},
        )
        raise Http404
    return swv


def beheerde_samenwerkingsverbanden(*, actor) -> list:
    """The partnerships whose scale, basisondersteuning and additional arrangements the actor manages."""
    from passend.organisaties.selectors import samenwerkingsverband_list

    return [s for s in samenwerkingsverband_list(actor=actor) if can(actor, "matching.beheren", s)]


def aanvullende_arrangementen(*, actor) -> list[AanvullendArrangement]:
    """The additional arrangements of every partnership the actor manages; whoever manages none is refused."""
    swvs = beheerde_samenwerkingsverbanden(actor=actor)
    if not swvs:
        audit.log_denied(reason="geen recht: matching.beheren", object_type="matching.aanvullendarrangement")
        raise PermissionDenied
    return list(
        AanvullendArrangement.objects.filter(samenwerkingsverband__in=swvs)
        .select_related("school", "voorziening")
        .order_by("samenwerkingsverband_id", "naam", "id")
    )


def aanvullend_arrangement_get(*, actor, pk) -> AanvullendArrangement:
    """One additional arrangement within the actor's partnerships (404 for any other, audited);
    whether they may manage it is the caller's question (a colleague in the partnership gets 403)."""
    from passend.organisaties.policies import scope_view

    arrangement, _ = get_visible(
        actor=actor,
        queryset=AanvullendArrangement.objects.filter(scope_view(actor, AanvullendArrangement)).select_related(
            "school", "voorziening"
        ),
        pk=pk,
        permission="matching.view_netwerk",
    )
    return arrangement


# --- Needs -------------------------------------------------------------------------------------


def _behoefte_toegang(actor, leerling_pk):
    leerling, _ = leerling_get(actor=actor, pk=leerling_pk)
    grant = explain(actor, "matching.view_behoefte", leerling)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de onderwijsbehoeften", obj=leerling)
        raise PermissionDenied
    return leerling, grant


def behoefteprofielen(*, actor, leerling_pk):
    """The pupil, the grant and their need profiles, newest first (the first is current)."""
    leerling, grant = _behoefte_toegang(actor, leerling_pk)
    profielen = list(
        Behoefteprofiel.objects.filter(leerling=leerling)
        .select_related("traject")
        .prefetch_related("bronnen__instrument")
    )
    audit.log(
        audit.Action.SEARCH,
        object_type="matching.behoefteprofiel",
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Onderwijsbehoeften van {leerling}",
        detail={"versies": len(profielen)},
    )
    return leerling, grant, profielen


def huidig_behoefteprofiel(leerling) -> Behoefteprofiel | None:
    return Behoefteprofiel.objects.filter(leerling=leerling).first()


# --- Profiles of schools and provisions --------------------------------------------------------


@dataclass
class Profielstand:
    """A school's or provision's profile: the one in force (approved) and a newer one awaiting the check."""

    setting: object
    vastgesteld: Ondersteuningsprofiel | None
    ter_controle: Ondersteuningsprofiel | None
    teruggestuurd: Ondersteuningsprofiel | None


def _stand(setting, versies) -> Profielstand:
    """`versies`: the setting's profiles, newest first, with their check."""
    vastgesteld = next((p for p in versies if _uitkomst(p) == "goedgekeurd"), None)
    nieuwer = [p for p in versies if vastgesteld is None or p.opgesteld_op > vastgesteld.opgesteld_op]
    nieuwste = nieuwer[0] if nieuwer else None
    return Profielstand(
        setting=setting,
        vastgesteld=vastgesteld,
        ter_controle=nieuwste if nieuwste is not None and _uitkomst(nieuwste) is None else None,
        teruggestuurd=nieuwste if nieuwste is not None and _uitkomst(nieuwste) == "teruggestuurd" else None,
    )


def _uitkomst(profiel) -> str | None:
    try:
        return profiel.controle.uitkomst
    except Ondersteuningsprofiel.controle.RelatedObjectDoesNotExist:
        return None


def profielstanden(samenwerkingsverband_id) -> dict[str, Profielstand]:
    """{setting key ("school:12", "voorziening:3"): its profile state} for the whole network, in four queries."""
    scholen = list(School.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id))
    voorzieningen = list(
        Voorziening.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id).select_related("school")
    )
    versies: dict[str, list] = {}
    for profiel in (
        Ondersteuningsprofiel.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id)
        .select_related("controle")
        .order_by("-opgesteld_op", "-id")
    ):
        sleutel = f"school:{profiel.school_id}" if profiel.school_id else f"voorziening:{profiel.voorziening_id}"
        versies.setdefault(sleutel, []).append(profiel)
    standen = {}
    for school in scholen:
        standen[f"school:{school.pk}"] = _stand(school, versies.get(f"school:{school.pk}", []))
    for voorziening in voorzieningen:
        standen[f"voorziening:{voorziening.pk}"] = _stand(voorziening, versies.get(f"voorziening:{voorziening.pk}", []))
    return standen


def profielstanden_van(*, actor, samenwerkingsverband) -> list[Profielstand]:
    """The profile state of every school and provision of the partnership, audited as a search."""
    grant = explain(actor, "matching.view_profiel", samenwerkingsverband)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de profielen", obj=samenwerkingsverband)
        raise Http404
    standen = list(profielstanden(samenwerkingsverband.pk).values())
    audit.log(
        audit.Action.SEARCH,
        obj=samenwerkingsverband,
        grant=grant,
        object_type="matching.ondersteuningsprofiel",
        object_label=f"Ondersteuningsprofielen van {samenwerkingsverband}",
        detail={"scholen_en_voorzieningen": len(standen)},
    )
    return standen


def ondersteuningsprofiel_get(*, actor, pk) -> Ondersteuningsprofiel:
    """One profile version within the actor's partnerships (404 for any other), with its check; audited."""
    from passend.organisaties.policies import scope_view

    profiel, _ = get_visible(
        actor=actor,
        queryset=Ondersteuningsprofiel.objects.filter(scope_view(actor, Ondersteuningsprofiel)).select_related(
            "controle", "school", "voorziening"
        ),
        pk=pk,
        permission="matching.view_profiel",
    )
    return profiel


def profiel_van(*, actor, setting):
    """One school's or provision's profile state (for its page), audited as a view."""
    grant = explain(actor, "matching.view_profiel", setting)
    if grant is None:
        audit.log_denied(reason="geen toegang tot dit profiel", obj=setting)
        raise Http404
    veld = "school" if isinstance(setting, School) else "voorziening"
    versies = list(
        Ondersteuningsprofiel.objects.filter(**{veld: setting})
        .select_related("controle")
        .order_by("-opgesteld_op", "-id")
    )
    audit.log(audit.Action.VIEW, obj=setting, grant=grant, object_label=f"Ondersteuningsprofiel van {setting}")
    return grant, _stand(setting, versies), versies


def setting_get(*, actor, soort: str, pk, permission: str = "matching.view_profiel"):
    """A school or provision within the actor's partnerships (404 for any other, audited)."""
    from passend.organisaties.policies import scope_view

    model = {"school": School, "voorziening": Voorziening}.get(soort)
    if model is None:
        raise Http404
    setting, _ = get_visible(
        actor=actor, queryset=model.objects.filter(scope_view(actor, model)), pk=pk, permission=permission
    )
    return setting


def te_controleren(*, actor) -> list[Ondersteuningsprofiel]:
    """Profile versions awaiting the check, in the partnerships the actor checks for."""
    from passend.matching.policies import SWV_BEHEER
    from passend.organisaties.policies import swv_ids_with

    swv_ids = swv_ids_with(actor, SWV_BEHEER)
    profielen = list(
        Ondersteuningsprofiel.objects.filter(samenwerkingsverband_id__in=swv_ids, controle__isnull=True)
        .select_related("school", "voorziening")
        .order_by("opgesteld_op", "id")
    )
    audit.log(
        audit.Action.SEARCH, object_type="matching.ondersteuningsprofiel", actor=actor, detail={"open": len(profielen)}
    )
    return profielen


# --- The network as matching sees it -------------------------------------------------------------


def _float(waarde):
    return None if waarde is None else float(waarde)


def settings_van(samenwerkingsverband_id, standen: dict | None = None) -> list[engine.Setting]:
    """Every school and provision of the partnership with the levels matching uses: the approved
    profile, else the partnership's basisondersteuning (flagged), else nothing beyond level 0."""
    standen = profielstanden(samenwerkingsverband_id) if standen is None else standen
    basis = basisondersteuning(samenwerkingsverband_id)
    basis_niveaus = basis.niveaus() if basis else (0, 0, 0, 0, 0)
    uit = []
    for sleutel, stand in standen.items():
        s = stand.setting
        is_school = isinstance(s, School)
        vrij = None
        if s.capaciteit is not None and s.bezette_plaatsen is not None:
            vrij = s.capaciteit - s.bezette_plaatsen
        lat, lon = s.latitude, s.longitude
        if lat is None and not is_school and s.school_id:
            lat, lon = s.school.latitude, s.school.longitude
        uit.append(
            engine.Setting(
                sleutel=sleutel,
                soort=s.soort if is_school else "voorziening",
                naam=s.naam,
                niveaus=stand.vastgesteld.niveaus() if stand.vastgesteld else basis_niveaus,
                lat=_float(lat),
                lon=_float(lon),
                vrije_plaatsen=vrij,
                profiel_vastgesteld=stand.vastgesteld is not None,
            )
        )
    return uit


def aanvullingen_van(samenwerkingsverband_id) -> list[engine.Aanvulling]:
    uit = []
    for a in AanvullendArrangement.objects.filter(
        samenwerkingsverband_id=samenwerkingsverband_id, actief=True
    ).select_related("school", "voorziening"):
        plek = a.plek
        uit.append(
            engine.Aanvulling(
                sleutel=a.pk,
                naam=a.naam,
                plus=a.toevoegingen(),
                plek=plek.naam if plek else None,
                lat=_float(plek.latitude) if plek else None,
                lon=_float(plek.longitude) if plek else None,
            )
        )
    return uit


def herkomst_van(leerling) -> tuple[tuple[float, float] | None, str]:
    """Where distances are measured from, and how it was found: the pupil's postcode area, else their school."""
    if leerling.postcode:
        gebied = Postcodegebied.objects.filter(pc4=leerling.postcode[:4]).first()
        if gebied is not None:
            return (float(gebied.latitude), float(gebied.longitude)), f"postcodegebied {gebied.pc4} (woonadres)"
    school = leerling.school
    if school.latitude is not None:
        return (
            float(school.latitude),
            float(school.longitude),
        ), f"de school ({school.naam}), want het woonadres is onbekend"
    return None, "onbekend: er zijn geen coördinaten van het woonadres of de school"


@dataclass
class Matching:
    traject: object
    leerling: object
    behoefte: Behoefteprofiel | None
    advies: engine.Advies | None
    herkomst: str
    max_afstand_km: int
    keuzes: list
    aanvullingen: dict


def matching_voor(*, actor, traject) -> Matching:
    """The advice for the traject's pupil from their current needs; audited as a view of the match."""
    grant = explain(actor, "matching.advies", traject)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de matching", obj=traject, leerling_id=traject.leerling_id)
        raise PermissionDenied
    leerling = traject.leerling
    if leerling is None:
        # A traject about a school's team has no pupil to match; refused like any other, so audited.
        audit.log_denied(reason="traject zonder leerling: geen matching", obj=traject)
        raise Http404
    behoefte = huidig_behoefteprofiel(leerling)
    swv = traject.samenwerkingsverband
    herkomst, herkomst_tekst = herkomst_van(leerling)
    advies = None
    if behoefte is not None:
        basis = basisondersteuning(swv.pk)
        advies = engine.adviseer(
            behoefte.niveaus(),
            settings=settings_van(swv.pk),
            aanvullingen=aanvullingen_van(swv.pk),
            eigen_school=f"school:{leerling.school_id}",
            herkomst=herkomst,
            basisondersteuning=basis.niveaus() if basis else None,
            max_afstand_km=swv.thuisnabij_km,
        )
    keuzes = list(
        Matchkeuze.objects.filter(traject=traject).select_related("school", "voorziening", "aanvullend_arrangement")
    )
    audit.log(
        audit.Action.VIEW,
        obj=traject,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"Matching voor {leerling}",
        detail={"uitkomst": advies.uitkomst if advies else None},
    )
    return Matching(
        traject=traject,
        leerling=leerling,
        behoefte=behoefte,
        advies=advies,
        herkomst=herkomst_tekst,
        max_afstand_km=swv.thuisnabij_km,
        keuzes=keuzes,
        aanvullingen={a.pk: a for a in AanvullendArrangement.objects.filter(samenwerkingsverband=swv)},
    )


def keuze_sleutel(kandidaat) -> str:
    """How the commission names a candidate when it chooses it (services.matchkeuze_vastleggen)."""
    if kandidaat.aanvulling is not None:
        return f"aanvulling:{kandidaat.aanvulling.sleutel}"
    return kandidaat.setting.sleutel


def advies_samenvatting(advies) -> dict:
    """What the commission was advised, kept with its choice (the first ten candidates)."""
    if advies is None:
        return {}
    return {
        "uitkomst": advies.uitkomst,
        "onduidelijk": advies.onduidelijk,
        "binnen_basisondersteuning": advies.binnen_basisondersteuning,
        "kandidaten": [
            {
                "plek": k.setting.naam,
                "sleutel": k.setting.sleutel,
                "aanvulling": k.aanvulling.naam if k.aanvulling else None,
                "past": k.past,
                "afstand_km": None if k.afstand_km is None else round(k.afstand_km, 1),
                "uitleg": k.uitleg,
            }
            for k in advies.kandidaten[:10]
        ],
    }


def dekking_door_school(traject) -> str | None:
    """Whether what the traject's pupil needs is already covered by their own school's approved
    profile or the partnership's basisondersteuning: then the assessor is told so (seed 003 asks
    "who decides whether this is simply basic support?")."""
    if traject.leerling_id is None:
        return None
    behoefte = huidig_behoefteprofiel(traject.leerling)
    if behoefte is None or behoefte.is_onduidelijk:
        return None
    nodig = behoefte.niveaus()
    basis = basisondersteuning(traject.samenwerkingsverband_id)
    if basis is not None and all(b >= n for b, n in zip(basis.niveaus(), nodig, strict=True)):
        return "Wat deze leerling nodig heeft, valt binnen de basisondersteuning van het samenwerkingsverband."
    stand = profielstanden_van_school(traject.leerling.school)
    if stand.vastgesteld is not None and all(b >= n for b, n in zip(stand.vastgesteld.niveaus(), nodig, strict=True)):
        return (
            f"Wat deze leerling nodig heeft, valt binnen het ondersteuningsprofiel van {traject.leerling.school.naam}."
        )
    return None


def profielstanden_van_school(school) -> Profielstand:
    versies = list(
        Ondersteuningsprofiel.objects.filter(school=school).select_related("controle").order_by("-opgesteld_op", "-id")
    )
    return _stand(school, versies)


def veldnamen() -> list[tuple[str, str]]:
    return [(veld, VELD_NAMEN[veld]) for veld in VELDEN]
