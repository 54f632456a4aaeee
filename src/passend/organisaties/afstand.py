"""Distance as the crow flies between two coordinates (haversine), for "close to the school" and
"close to home": the expert pool's suggestions and matching. One formula, used everywhere."""

from __future__ import annotations

import math
from collections.abc import Callable

AARDSTRAAL_KM = 6371.0


def afstand_vanaf(lat, lon) -> Callable[[object, object], float | None]:
    """The distance in km from (lat, lon) to any point; the origin's part is worked out once, which
    matters when one pupil is measured against thousands of schools."""
    if lat is None or lon is None:
        return lambda b_lat, b_lon: None
    lat1, lon1 = math.radians(float(lat)), math.radians(float(lon))
    cos1 = math.cos(lat1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt

    def afstand(b_lat, b_lon) -> float | None:
        if b_lat is None or b_lon is None:
            return None
        lat2 = radians(float(b_lat))
        h = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos(lat2) * sin((radians(float(b_lon)) - lon1) / 2) ** 2
        return 2 * AARDSTRAAL_KM * asin(sqrt(min(1.0, h)))

    return afstand


def afstand_km(a_lat, a_lon, b_lat, b_lon) -> float | None:
    return afstand_vanaf(a_lat, a_lon)(b_lat, b_lon)
