"""Build src/dateline/data/countries.json from ../shared/data/countries.

Sources: mledoze/countries (ODbL 1.0) for names, alt spellings, demonyms, capitals, lat/lng;
GeoNames countryInfo (CC-BY 4.0) for the country's geonameid and population. A small alias
overlay adds English names the sources lack ("Turkey", "Britain", "America", "PRC", "ROK").
Run: python scripts/build_countries.py [SHARED_DIR]
"""

import csv
import json
import sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / ".." / "shared")
src = shared / "data" / "countries"
out = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "countries.json"

OVERLAY = {
    "TUR": ["Turkey", "Turkiye"], "GBR": ["Britain", "Great Britain", "U.K.", "UK", "United Kingdom"],
    "USA": ["America", "U.S.", "US", "U.S.A.", "USA", "United States of America", "the United States"],
    "CHN": ["PRC", "People's Republic of China", "Mainland China"],
    "KOR": ["ROK", "Republic of Korea", "South Korea"], "PRK": ["DPRK", "North Korea"],
    "VAT": ["Holy See", "Vatican"], "RUS": ["Russian Federation"], "CZE": ["Czech Republic"],
    "CIV": ["Ivory Coast"], "MMR": ["Burma"], "PSE": ["Palestinian territories", "Palestinian Territories"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of the Congo"], "COG": ["Republic of the Congo"],
    "IRN": ["Iran"], "SYR": ["Syria"], "ARE": ["UAE", "U.A.E."], "NLD": ["Holland"],
}
EXTRA_DEMONYMS = {"GBR": ["Briton", "Britons"], "USA": ["Americans"], "PSE": ["Palestinians"],
                  "ISR": ["Israelis"], "RUS": ["Russians"], "CHN": ["Chinese"], "UKR": ["Ukrainians"],
                  "AFG": ["Afghans", "Afghan"], "PHL": ["Filipinos", "Philippine"], "NLD": ["Dutch"]}

info = {}
with open(src / "geonames_countryInfo.txt", encoding="utf-8") as fh:
    rows = [l for l in fh if not l.startswith("#")]
for row in csv.reader(rows, delimiter="\t"):
    if len(row) > 16 and row[1] != "ISO3":
        info[row[1]] = {"geonameid": int(row[16]) if row[16] else None,
                        "population": int(row[7] or 0), "continent": row[8], "capital_gn": row[5]}

countries = []
for c in json.load(open(src / "mledoze_countries.json", encoding="utf-8")):
    iso3 = c["cca3"]
    aliases = {c["name"]["common"], c["name"]["official"]}
    aliases.update(a for a in c.get("altSpellings", []) if len(a) > 2 and a.isascii())
    aliases.update(OVERLAY.get(iso3, []))
    dem = c.get("demonyms", {}).get("eng", {})
    demonyms = sorted({v for v in dem.values() if v} | set(EXTRA_DEMONYMS.get(iso3, [])))
    gi = info.get(iso3, {})
    countries.append({
        "iso3": iso3, "iso2": c["cca2"], "name": c["name"]["common"], "official": c["name"]["official"],
        "aliases": sorted(aliases), "demonyms": demonyms, "capital": (c.get("capital") or [None])[0],
        "lat": c["latlng"][0] if c.get("latlng") else None, "lon": c["latlng"][1] if c.get("latlng") else None,
        "region": c.get("region"), "subregion": c.get("subregion"), "independent": c.get("independent"),
        "geonameid": gi.get("geonameid"), "population": gi.get("population"),
    })
out.parent.mkdir(parents=True, exist_ok=True)
json.dump(countries, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=0)
print(f"wrote {len(countries)} countries to {out}")
