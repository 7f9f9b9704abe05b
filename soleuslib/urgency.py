"""The four urgency levels, one meaning each, used by the triage, the warning list, the handout and
the patient view.

``emergency`` now: call emergency services or go to an emergency department;
``same_day`` a medical assessment today; ``urgent`` medical review within days, stop running;
``routine`` physiotherapy-led care.
"""

from __future__ import annotations

from typing import Literal

Urgency = Literal["emergency", "same_day", "urgent", "routine"]

ORDER: tuple[str, ...] = ("routine", "urgent", "same_day", "emergency")  # lowest to highest
RANK: dict[str, int] = {name: rank for rank, name in enumerate(ORDER)}

# Clinician register: the banner of the triage form.
CLINICIAN_WORDS: dict[str, str] = {
    "emergency": "EMERGENCY: call emergency services or go to an emergency department now",
    "same_day": "SAME DAY: medical assessment today",
    "urgent": "URGENT: medical review within days; stop running",
    "routine": "ROUTINE: physiotherapy-led care",
}
# Patient register (plain words, SMOG <= 8): banner of the patient view and the handout.
PATIENT_WORDS: dict[str, str] = {
    "emergency": "Get help now. Call an ambulance or go to an emergency department.",
    "same_day": "See a doctor today.",
    "urgent": "See a doctor in the next few days. Do not run until then.",
    "routine": "Your physio can help you with this.",
}
# Short time words for the warning list: "now / today / within days / before your next run".
WHEN_WORDS: dict[str, str] = {
    "emergency": "now",
    "same_day": "today",
    "urgent": "within days",
    "routine": "before your next run",
}
# Okabe-Ito border colour and a light tint for dark text (contrast >= 4.5:1).
COLOURS: dict[str, tuple[str, str]] = {
    "emergency": ("#D55E00", "#FBE3D6"),
    "same_day": ("#CC79A7", "#F7E4EF"),
    "urgent": ("#E69F00", "#FDF1D6"),
    "routine": ("#009E73", "#D9F2EA"),
}
NEUTRAL_COLOURS = ("#6B6B6B", "#EEEEEE")


def check(level: object, field: str = "urgency") -> str:
    """``level`` if it is one of the four levels, else a ValueError naming the field."""
    if level not in RANK:
        raise ValueError(f"{field} must be one of {', '.join(ORDER)} (got {level!r})")
    return str(level)


def highest(levels) -> str:
    """The most urgent of ``levels`` (``routine`` when there are none)."""
    return max(levels, key=RANK.__getitem__, default="routine")
