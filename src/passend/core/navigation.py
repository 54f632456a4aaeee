"""The main navigation, by role. Links only to sections the user's roles can use."""

from dataclasses import dataclass

from django.urls import reverse

from passend.accounts.roles import Rol

PROFESSIONALS = frozenset(Rol) - {Rol.OUDER}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rollen: frozenset


NAV = (
    NavItem("Mijn taken", "core:home", frozenset(Rol)),
    NavItem("Leerlingen", "leerlingen:list", PROFESSIONALS - {Rol.EXTERN}),
    NavItem("Trajecten", "trajecten:lijst", PROFESSIONALS),
    NavItem("Arrangementen", "arrangementen:lijst", PROFESSIONALS - {Rol.EXTERN}),
    # The partnership's TLVs, those ending soon, and the export for the register (arrangementen.tlv_views).
    NavItem(
        "TLV's",
        "arrangementen:tlv_lijst",
        frozenset({Rol.TRAJECTBEGELEIDER, Rol.TEAMLEIDER, Rol.COMMISSIELID, Rol.SWV_MANAGEMENT}),
    ),
    NavItem("Netwerk", "organisaties:netwerk", frozenset(Rol) - {Rol.OUDER, Rol.EXTERN}),
    # The partnership's budgets; a board's and a director's own school budgets (financien.policies).
    NavItem("Financiën", "financien:start", frozenset({Rol.DIRECTEUR, Rol.RVZ, Rol.SWV_MANAGEMENT, Rol.BEHEERDER})),
    # Key figures: the partnership's staff see all, a board its schools, a director theirs (rapportage.policies).
    NavItem(
        "Rapportage",
        "rapportage:dashboard",
        frozenset({Rol.DIRECTEUR, Rol.RVZ, Rol.COORDINATOR, Rol.SWV_MANAGEMENT, Rol.BEHEERDER, Rol.COMMISSIELID}),
    ),
    NavItem("Beheer", "core:beheer", frozenset({Rol.BEHEERDER})),
)


def items_for(user, current_path: str) -> list[dict]:
    rollen = user.rollen() if getattr(user, "is_authenticated", False) else set()
    items = []
    for item in NAV:
        if rollen & item.rollen:
            url = reverse(item.url_name)
            current = current_path == url if url == "/" else current_path.startswith(url)
            # The "Mijn taken" item shows how many tasks wait (context_processors.mijn_taken).
            items.append({"label": item.label, "url": url, "current": current, "taken": item.url_name == "core:home"})
    return items
