"""Build the events stage's lexicon tables under src/dateline/data/.

Sources (read from ``../shared/data``; nothing is downloaded):

- ``plover/CAMEO2PLOVER-2021.txt`` (Schrodt, PLOVER project, CC BY-SA 4.0): CAMEO code ->
  PLOVER event, mode and context. Old PLOVER names are mapped to the current manual
  (DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT) and modes
  the current manual does not list are dropped (SPEC section 2).
- ``petrarch/CAMEO.2.0.txt`` (Open Event Data Alliance, MIT): the PETRARCH verb dictionary.
  For every verb block we keep the block's default code for each verb in it, and the
  simple patterns ``- * (PREP)`` (verb + preposition) and ``- * WORD`` (verb + object head
  noun), each for the verb its comment names. Patterns with synonym sets, actors or several words are skipped: the events stage
  codes with a dependency parse, not PETRARCH's phrase patterns.

Codes of CAMEO roots 01 (statement) and 02 (appeal), and PETRARCH's ``[---]`` (no event,
stored as 010), are kept in ``plover_verbs.json`` as *blockers*: the coder stops at them
instead of falling back to the verb's default code.

Outputs: ``plover_cameo.json`` ({code: {event, mode, context}}) and ``plover_verbs.json``
({"verb": code, "verb|prep": code, "verb>noun": code}). The curated lexicon in
``dateline/events/lexicon.py`` takes precedence over these tables.

Usage: ``python scripts/build_lexicon.py [SHARED_DATA_DIR]``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data"
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"},
}
FIXES = {"195": "aerial"}  # CAMEO 195 "employ aerial weapons"


def parse_cameo2plover(path: Path) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)", line)
        if not m:
            continue
        code, ev, mode, ctx = m.group(1), m.group(2), m.group(3).strip(), m.group(4).strip()
        ev = OLD_NAMES.get(ev, ev)
        mode = FIXES.get(code, mode)
        if mode not in MODES.get(ev, set()):
            mode = ""
        context = [c.strip() for c in ctx.split(";") if c.strip()]
        table.setdefault(code, {"event": ev, "mode": mode or None, "context": context})
    return table


def _forms(line: str) -> list[str]:
    head = line.split("#")[0].strip()
    word = head.split("{")[0].strip()
    return [word] if word and re.fullmatch(r"[A-Z_]+", word) else []


def parse_petrarch(path: Path, cameo: dict[str, dict]) -> dict[str, str]:
    out: dict[str, str] = {}
    in_verbs = False
    default: str | None = None
    verbs: list[str] = []

    def ok(code: str) -> bool:
        # statements (01) and appeals (02) are kept as blockers: "issue a statement" must
        # resolve to "no event" rather than fall back to the verb's default code
        return code in cameo or code[:2] in ("01", "02")

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if not in_verbs or not line.strip():
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            code = m.group(2).strip()
            default = code if re.fullmatch(r"\d{3,4}", code) else None
            verbs = []
            continue
        if line.startswith("+") or line.startswith("&") or line.startswith("#"):
            continue
        if line.startswith("-"):
            pm = re.match(r"^-\s*\*\s*(.*?)\s*\[(:?)(\d{3,4}|---)[^\]]*\]", line)
            if not pm or pm.group(2):
                continue
            pat, code = pm.group(1).strip(), pm.group(3)
            if code == "---":  # PETRARCH's "no event" for this phrase: keep as a blocker
                code = "010"
            if not ok(code):
                continue
            prep = re.fullmatch(r"\(([A-Z]+)\)", pat)
            noun = re.fullmatch(r"([A-Z]+)", pat)
            # the comment names the verb the pattern was written for ("... [070] # RUSH")
            cm = re.search(r"#\s*([A-Z_]+)", line)
            named = cm.group(1).replace("_", " ").lower() if cm else None
            for v in ([named] if named in verbs else verbs[:1]):
                if prep:
                    out.setdefault(f"{v}|{prep.group(1).lower()}", code)
                elif noun:
                    out.setdefault(f"{v}>{noun.group(1).lower()}", code)
            continue
        for w in _forms(line):
            v = w.replace("_", " ").lower()
            verbs.append(v)
            if default and ok(default):
                out.setdefault(v, default)
    return out


def main(argv: list[str]) -> None:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    cameo = parse_cameo2plover(data / "plover" / "CAMEO2PLOVER-2021.txt")
    verbs = parse_petrarch(data / "petrarch" / "CAMEO.2.0.txt", cameo)
    (OUT / "plover_cameo.json").write_text(json.dumps(cameo, indent=0, sort_keys=True) + "\n")
    (OUT / "plover_verbs.json").write_text(json.dumps(verbs, indent=0, sort_keys=True) + "\n")
    print(f"{len(cameo)} CAMEO codes, {len(verbs)} verb entries -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
