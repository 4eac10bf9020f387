"""Write the records files of the two synthetic sample campaigns, byte for byte the same each run.

    python samples/make_samples.py          # rewrites samples/*/records.*
    python samples/make_samples.py OUTDIR   # writes OUTDIR/<campaign>/records.* instead

Only `random.Random(fixed seed)` is used (no numpy, no clock), so anyone can regenerate the files
and tests/test_samples.py checks that the committed ones are what this script writes. The data
is invented: no row describes a real person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- kawasaki-2021: shaped like the 2021 Kawasaki compost pilot -----------------------------------
KAWASAKI_DIR = "kawasaki-2021"
KAWASAKI_SEED = 2021_06_01
KAWASAKI_START = dt.date(2021, 6, 1)
KAWASAKI_END = dt.date(2021, 11, 30)
KAWASAKI_PARTICIPANTS = 1_000
KAWASAKI_TOTAL_TENTHS = 277_618  # 27,761.8 kg, the pilot's reported total, in tenths of a kg
COMPOST_MAX_TENTHS = 400  # 40 kg, the campaign's max_amount for one drop-off
# Kawasaki's seven wards, weighted by their approximate 2021 populations in thousands.
WARDS = (
    ("Kawasaki-ku", 232),
    ("Saiwai-ku", 171),
    ("Nakahara-ku", 264),
    ("Takatsu-ku", 233),
    ("Tama-ku", 220),
    ("Miyamae-ku", 234),
    ("Asao-ku", 181),
)
WEEKS = 27  # week 26 starts on 2021-11-30, the last day


def kawasaki_rows() -> list[tuple[str, dt.date, str, str, str]]:
    """(participant, date, activity, amount text, district) rows in file order.

    Households join over the season (most at launch, the rest trickling in), some drop out, and
    each drops off most weeks on its own weekday. The size of a household's drop-offs is
    lognormal for most and Pareto for 6%: the heavy tail (the largest gives about 40x the median).
    Compost amounts are made in integer tenths of a kg and the last rows are nudged by 0.1 kg so
    the decimal total is exactly 27,761.8 kg.
    """
    rng = random.Random(KAWASAKI_SEED)
    names = [name for name, _ in WARDS]
    weights = [weight for _, weight in WARDS]
    compost: list[tuple[str, dt.date, float, str]] = []
    other: list[tuple[str, dt.date, str, str, str]] = []
    for number in range(1, KAWASAKI_PARTICIPANTS + 1):
        pid = f"h-{number:04d}"
        district = "" if rng.random() < 0.03 else rng.choices(names, weights)[0]
        first = rng.randrange(2) if rng.random() < 0.5 else int(rng.triangular(2, WEEKS - 2, 3))
        last = WEEKS - 1
        if rng.random() < 0.2:
            last = min(last, first + 3 + int(rng.expovariate(1 / 6)))
        regularity = rng.uniform(0.5, 0.95)
        if rng.random() < 0.94:
            size = rng.lognormvariate(math.log(1.5), 0.5)
        else:
            size = min(32.0, 5.0 * rng.paretovariate(1.2))
        weekday = rng.randrange(7)
        weeks = [week for week in range(first, last + 1) if rng.random() < regularity] or [first]
        for week in weeks:
            day = min(6, max(0, weekday + rng.choice((0, 0, 0, 0, -1, 1))))
            date = KAWASAKI_START + dt.timedelta(days=7 * week + day)
            if date <= KAWASAKI_END:
                compost.append((pid, date, size * rng.lognormvariate(0, 0.25), district))
        if rng.random() < 0.12:
            for week in range(first, last + 1):
                date = KAWASAKI_START + dt.timedelta(days=7 * week + rng.randrange(7))
                if rng.random() < 0.4 and date <= KAWASAKI_END:
                    other.append((pid, date, "garden_watering", str(rng.randint(1, 3)), district))
        if rng.random() < 0.06:
            saturdays = range(first, min(last, 25) + 1)  # 2021-06-05 is the first Saturday
            for week in sorted(rng.sample(saturdays, min(len(saturdays), rng.randint(1, 5)))):
                date = dt.date(2021, 6, 5) + dt.timedelta(days=7 * week)
                other.append((pid, date, "farm_help", f"{rng.choice((2, 3, 4, 5, 6, 8, 10)) / 2:.1f}", district))
    compost.sort(key=lambda row: (row[1], row[0]))
    tenths = _exact_tenths([row[2] for row in compost], KAWASAKI_TOTAL_TENTHS, COMPOST_MAX_TENTHS)
    rows = [
        (pid, date, "compost", f"{t // 10}.{t % 10}", district)
        for (pid, date, _, district), t in zip(compost, tenths)
    ]
    return sorted(rows + other, key=lambda row: (row[1], row[0], row[2]))


def _exact_tenths(kilograms: list[float], total: int, limit: int) -> list[int]:
    """Scale to `total` tenths, keep each row in 1..limit, then nudge rows from the end by 1 until exact."""
    scale = total / math.fsum(kilograms)  # tenths per kg of the raw draw
    tenths = [min(limit, max(1, round(kg * scale))) for kg in kilograms]
    missing = total - sum(tenths)
    step = 1 if missing > 0 else -1
    index = len(tenths) - 1
    while missing:
        if 1 <= tenths[index] + step <= limit:
            tenths[index] += step
            missing -= step
        index = (index - 1) % len(tenths)
    return tenths


def kawasaki_csv() -> str:
    """records.csv of the kawasaki-2021 sample."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("participant", "date", "activity", "amount", "district"))
    for pid, date, activity, amount, district in kawasaki_rows():
        writer.writerow((pid, date.isoformat(), activity, amount, district))
    return out.getvalue()


# --- nakahara-school-garden-2022: one school's vegetable garden, one term -------------------------
NAKAHARA_DIR = "nakahara-school-garden-2022"
NAKAHARA_SEED = 2022_04_11
NAKAHARA_START = dt.date(2022, 4, 11)  # a Monday
NAKAHARA_END = dt.date(2022, 7, 15)  # a Friday
NAKAHARA_PUPILS = 40
BEDS = ("Bed A", "Bed B", "Bed C", "Bed D")
HARVEST_FROM_WEEK = 7  # first radishes and lettuce late May, tomatoes and cucumbers in July


def nakahara_rows() -> list[dict[str, object]]:
    """One object per record, in date order: weekly weeding, harvests from late May."""
    rng = random.Random(NAKAHARA_SEED)
    rows: list[dict[str, object]] = []
    weeks = (NAKAHARA_END - NAKAHARA_START).days // 7 + 1
    for number in range(1, NAKAHARA_PUPILS + 1):
        pid = f"g-{number:02d}"
        bed = BEDS[(number - 1) % len(BEDS)]
        keenness = rng.uniform(0.3, 0.9)
        harvests = 0
        for week in range(weeks):
            if rng.random() < keenness:
                date = NAKAHARA_START + dt.timedelta(days=7 * week + rng.randrange(5))
                rows.append(_pupil_row(pid, date, "weeding", rng.choice((1, 1, 1, 2)), bed))
            if week >= HARVEST_FROM_WEEK and (rng.random() < keenness / 2 or (week == weeks - 1 and not harvests)):
                date = NAKAHARA_START + dt.timedelta(days=7 * week + rng.randrange(5))
                kg = round(rng.lognormvariate(math.log(0.6), 0.7), 1)
                rows.append(_pupil_row(pid, date, "harvest", max(0.1, min(9.0, kg)), bed))
                harvests += 1
    rows.sort(key=lambda row: (row["date"], row["participant"], row["activity"]))
    return rows


def _pupil_row(pid: str, date: dt.date, activity: str, amount: float, bed: str) -> dict[str, object]:
    return {"participant": pid, "date": date.isoformat(), "activity": activity, "amount": amount, "district": bed}


def nakahara_json() -> str:
    """records.json of the nakahara sample: {"records": [...]}, one object per line."""
    items = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in nakahara_rows())
    return '{"records": [\n' + items + "\n]}\n"


# --- writing -------------------------------------------------------------------------------------
def write_samples(root: Path) -> list[Path]:
    """Write both records files under `root` (one folder per campaign); return their paths."""
    written = []
    outputs = ((KAWASAKI_DIR, "records.csv", kawasaki_csv()), (NAKAHARA_DIR, "records.json", nakahara_json()))
    for folder, name, text in outputs:
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def kawasaki_shape() -> dict[str, float]:
    """The figures quoted in kawasaki-2021/README.md, recomputed from the rows."""
    rows = kawasaki_rows()
    totals: dict[str, int] = {}
    for pid, _, activity, amount, _ in rows:
        if activity == "compost":
            whole, tenth = amount.split(".")
            totals[pid] = totals.get(pid, 0) + int(whole) * 10 + int(tenth)
    ranked = sorted(totals.values(), reverse=True)
    top = ranked[: max(1, len(ranked) // 100)]
    return {
        "participants": len(totals),
        "rows": len(rows),
        "total_kg": sum(ranked) / 10,
        "top_1pct_share": sum(top) / sum(ranked),
        "median_kg": statistics.median(ranked) / 10,
        "max_kg": ranked[0] / 10,
    }


def main(argv: list[str]) -> None:
    root = Path(argv[1]) if len(argv) > 1 else HERE
    for path in write_samples(root):
        print(path)
    print(kawasaki_shape())


if __name__ == "__main__":
    main(sys.argv)
