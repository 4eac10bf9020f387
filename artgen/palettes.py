"""Palettes: district hue families chosen to stay distinguishable for colour-blind viewers.

Hues follow the Okabe-Ito set (Okabe & Ito, "Color Universal Design", 2008), which stays
distinct under protanopia, deuteranopia and tritanopia; "compost" shifts them towards earth and
leaf tones while keeping their spread of lightness, the cue that survives colour blindness.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    name: str
    hues: tuple[str, ...]  # one per district, in campaign order (cycled past the end)
    ground: str  # the canvas under the pieces
    line: str  # lead lines, outlines


PALETTES: dict[str, Palette] = {
    "compost": Palette(
        name="compost",
        hues=("#E0A526", "#B5521B", "#EBD67A", "#3E8E4E", "#7FB8D6", "#1F5F7A", "#A8577E"),
        ground="#2A1D14",
        line="#1A120C",
    ),
    "okabe-ito": Palette(
        name="okabe-ito",
        hues=("#E69F00", "#D55E00", "#F0E442", "#009E73", "#56B4E9", "#0072B2", "#CC79A7"),
        ground="#101614",
        line="#0B0B0B",
    ),
}


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB' -> (r, g, b) in [0, 1]."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"colour {colour!r} is not #RRGGBB")
    return tuple(int(value[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]
