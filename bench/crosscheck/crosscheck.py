#!/usr/bin/env python3
"""Cross-check agora-tally against the research reference implementations.

References (installed by bench/crosscheck/setup.sh into bench/.venv, only *run* from here,
never vendored or ported):
  * pabutools 1.2.3  (GPL-3.0)  participatory-budgeting rules
  * pref_voting 1.18.2 (MIT)    voting methods
  * pyrankvote 2.0.6, votekit 3.5.0 (MIT)  second opinions for IRV

What it does:
  1. generates random PB instances (approval and cumulative ballots) with a seeded RNG and
     writes them as .pb files; random poll profiles (ranked, graded) written as agora
     ballot files (crates/agora-tally/POLL_FORMAT.md);
  2. runs the references and agora-tally (through `cargo run --release -p agora-tally
     --example tally_json`, batch mode: one process for all instances);
  3. diffs, prints per rule/method: instances compared, agreed, disagreed; the first
     disagreeing instance of each rule is copied to OUT/disagreements/;
  4. optionally (--golden) writes a small subset with the references' answers to
     crates/agora-tally/tests/fixtures/golden/ (checked by tests/golden.rs without Python);
  5. optionally (--real) runs the rules on the real Pabulib files in ../shared/data/pabulib
     and compares with pabutools and with the official `selected` column.

Tie rule. agora-tally breaks exact ties between projects (equal score for greedy, equal rho
for MES, equal load for Phragmen) by: higher score (approvals / points), then lower cost,
then earlier in PROJECTS. pabutools takes a TieBreakingRule: we pass exactly this order
(`agora_tie`), so random instances do NOT need to avoid ties; a share of them (`ties`
mode) is generated with few voters and repeated costs to exercise tie-breaking.
Polls: the references return the set of tied winners; agora returns a ranking in tiers, and
its first tier is compared with that set (so ties are compared, not hidden). IRV: see
compare_irv(). STV: see compare_stv().

Usage:
  bench/.venv/bin/python bench/crosscheck/crosscheck.py [--pb 300] [--poll 300] [--seed 1]
      [--golden] [--real] [--out bench/out/crosscheck]
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "crates/agora-tally/tests/fixtures/golden"
REAL_DIR = ROOT.parent / "shared/data/pabulib"

# --------------------------------------------------------------------------------------
# Results bookkeeping
# --------------------------------------------------------------------------------------


class Tally:
    """Per rule/method: compared, agreed, disagreed, first disagreement saved."""

    def __init__(self, out: Path):
        self.out = out
        self.rows: dict[str, dict] = {}
        self.order: list[str] = []

    def row(self, key):
        if key not in self.rows:
            self.rows[key] = {"compared": 0, "agreed": 0, "disagreed": 0, "skipped": 0,
                              "first": None, "notes": set(), "all_disagreements": []}
            self.order.append(key)
        return self.rows[key]

    def skip(self, key, why):
        r = self.row(key)
        r["skipped"] += 1
        r["notes"].add(why)

    def record(self, key, ok: bool, files: list[Path], detail: dict):
        r = self.row(key)
        r["compared"] += 1
        if ok:
            r["agreed"] += 1
            return
        r["disagreed"] += 1
        r["all_disagreements"].append(
            {"files": [f.name for f in files],
             **{k: detail[k] for k in ("why",) if k in detail}})
        if r["first"] is None:
            d = self.out / "disagreements" / key.replace(" ", "_").replace("/", "_")
            d.mkdir(parents=True, exist_ok=True)
            for f in files:
                shutil.copy(f, d / f.name)
            (d / "detail.json").write_text(json.dumps(detail, indent=1, default=str))
            r["first"] = str(d.relative_to(ROOT)) if d.is_relative_to(ROOT) else str(d)

    def print(self):
        w = max([len(k) for k in self.order] + [10])
        print(f"\n{'rule / method':<{w}}  compared  agreed  disagreed  skipped  first disagreement")
        for k in self.order:
            r = self.rows[k]
            print(f"{k:<{w}}  {r['compared']:>8}  {r['agreed']:>6}  {r['disagreed']:>9}  "
                  f"{r['skipped']:>7}  {r['first'] or '-'}")
            for n in sorted(r["notes"]):
                print(f"{'':<{w}}    note: {n}")

    def to_json(self):
        return {k: {kk: (sorted(v) if isinstance(v, set) else v) for kk, v in self.rows[k].items()}
                for k in self.order}


# --------------------------------------------------------------------------------------
# agora-tally runner
# --------------------------------------------------------------------------------------


def build_runner() -> Path:
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", "/work/target-crosscheck")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "agora-tally", "--example", "tally_json"],
                   cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
    return Path(env["CARGO_TARGET_DIR"]) / "release/examples/tally_json"


def run_agora(runner: Path, jobs: list[tuple[str, Path, str]]) -> dict:
    """jobs: (kind, file, rules-or-method). Returns {(file, rule): result-json}."""
    text = "".join(f"{k}\t{f}\t{r}\n" for k, f, r in jobs)
    p = subprocess.run([str(runner), "batch"], input=text, capture_output=True, text=True, check=True)
    out = {}
    lines = p.stdout.splitlines()
    it = iter(lines)
    for kind, f, r in jobs:
        n = len(r.split(",")) if kind == "pb" else 1
        for rule in (r.split(",") if kind == "pb" else [r]):
            v = json.loads(next(it))
            out[(str(f), rule)] = v
            _ = n
    return out


# --------------------------------------------------------------------------------------
# Pabulib writing
# --------------------------------------------------------------------------------------


def fmt_money(x: Fraction | int, decimals: int) -> str:
    if decimals == 0:
        return str(int(x))
    v = Fraction(x) * 10**decimals
    assert v.denominator == 1
    v = int(v)
    return f"{v // 10**decimals}.{v % 10**decimals:0{decimals}d}"


def write_pb(path: Path, inst: dict):
    lines = ["META", "key;value",
             f"description;agora cross-check instance {inst['name']} (synthetic, seed {inst['seed']})",
             "country;Nowhere", "unit;crosscheck", "instance;" + inst["name"],
             f"num_projects;{len(inst['costs'])}", f"num_votes;{len(inst['ballots'])}",
             f"budget;{fmt_money(inst['budget'], inst['decimals'])}",
             f"vote_type;{inst['vote_type']}", "rule;greedy"]
    if inst.get("threshold") is not None:
        lines.append(f"min_project_score_threshold;{inst['threshold']}")
    if inst["vote_type"] == "cumulative":
        lines.append(f"max_sum_points;{inst['max_points']}")
    lines += ["PROJECTS", "project_id;cost;name"]
    for j, c in enumerate(inst["costs"]):
        lines.append(f"{inst['ids'][j]};{fmt_money(c, inst['decimals'])};Project {j + 1}")
    lines.append("VOTES")
    if inst["vote_type"] == "cumulative":
        lines.append("voter_id;vote;points")
        for i, b in enumerate(inst["ballots"]):
            lines.append(f"v{i + 1};{','.join(inst['ids'][p] for p, _ in b)};{','.join(str(x) for _, x in b)}")
    else:
        lines.append("voter_id;vote")
        for i, b in enumerate(inst["ballots"]):
            lines.append(f"v{i + 1};{','.join(inst['ids'][p] for p in b)}")
    path.write_text("\n".join(lines) + "\n")


def gen_pb(rng: random.Random, name: str, seed: int, small: bool = False) -> dict:
    mode = rng.choice(["distinct", "distinct", "ties", "few-voters"])
    m = rng.randint(3, 10 if small else 16)
    if mode == "few-voters":
        n = rng.randint(2, 12)
    elif small:
        n = rng.randint(5, 40)
    else:
        n = rng.randint(5, 150)
    vote_type = "cumulative" if rng.random() < 0.2 else "approval"
    decimals = 2 if rng.random() < 0.15 else 0
    if mode == "ties":
        n = rng.randint(3, 25)
        base = rng.sample([100, 150, 200, 250, 300, 400, 500], rng.randint(2, 4))
        costs = [Fraction(rng.choice(base)) for _ in range(m)]
    else:
        costs = [Fraction(c) for c in rng.sample(range(50, 5000), m)]
    if decimals:
        costs = [c + Fraction(rng.randint(0, 99), 100) for c in costs]
    # Popularity per project; ballots approve independently.
    pop = [0.05 + 0.6 * rng.random() ** 2 for _ in range(m)]
    ballots = []
    for _ in range(n):
        b = [j for j in range(m) if rng.random() < pop[j]]
        if rng.random() < 0.03:
            b = []  # an empty ballot: counts as a voter for B/n
        ballots.append(b)
    # Every project gets at least one supporter (pabutools' Phragmen would otherwise add
    # unsupported projects at infinite load; see docs/TALLY_CROSSCHECK.md).
    for j in range(m):
        if not any(j in b for b in ballots):
            i = rng.randrange(n)
            ballots[i] = sorted(set(ballots[i]) | {j})
    max_points = None
    if vote_type == "cumulative":
        max_points = rng.randint(3, 10)
        cb = []
        for b in ballots:
            if not b:
                # pabutools cannot parse an empty cumulative ballot (empty `points`):
                # give this voter one point for a random project instead.
                b = [rng.randrange(m)]
            pts = {p: 1 for p in b}
            for _ in range(rng.randint(0, max_points - len(b)) if len(b) < max_points else 0):
                pts[rng.choice(b)] += 1
            cb.append(sorted(pts.items()))
        ballots = cb
    total = sum(costs)
    budget = Fraction(int(total * Fraction(rng.randint(20, 75), 100)))
    if decimals:
        budget += Fraction(rng.randint(0, 99), 100)
    ids = [str(j + 1) for j in range(m)]
    if rng.random() < 0.3:
        ids = [f"P{j + 1:02d}" for j in range(m)]
    threshold = None
    if rng.random() < 0.3:
        threshold = rng.randint(1, max(1, n // 3))
    for b in ballots:
        if vote_type == "approval":
            rng.shuffle(b)  # order in the file must not matter
    return {"name": name, "seed": seed, "mode": mode, "costs": costs, "budget": budget,
            "ballots": ballots, "vote_type": vote_type, "decimals": decimals, "ids": ids,
            "threshold": threshold, "max_points": max_points}


# --------------------------------------------------------------------------------------
# pabutools side
# --------------------------------------------------------------------------------------


def pabu():
    import pabutools.election as pe
    from pabutools.election.satisfaction import AdditiveSatisfaction
    from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares,
                                 sequential_phragmen, max_additive_utilitarian_welfare)
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
    from pabutools.rules.budgetallocation import BudgetAllocation
    from pabutools.tiebreaking import TieBreakingRule
    return locals()


class Ref:
    """pabutools on one parsed .pb file."""

    def __init__(self, path: Path):
        P = pabu()
        self.P = P
        self.inst, self.prof = P["pe"].parse_pabulib(str(path))
        self.vote_type = self.inst.meta.get("vote_type", "approval")
        self.index = {name: i for i, name in enumerate(self._file_order(path))}
        self.projects = {p.name: p for p in self.inst}
        self.score = {p.name: self._score(p) for p in self.inst}
        self.supp = {p.name: self._supporters(p) for p in self.inst}
        score, index = self.score, self.index
        # agora's tie order: higher score, then lower cost, then earlier in PROJECTS.
        self.tie = P["TieBreakingRule"](lambda inst, prof, proj: (-score[proj.name], proj.cost, index[proj.name]))

    @staticmethod
    def _file_order(path):
        ids, sec = [], None
        for line in path.read_text().splitlines():
            if line in ("META", "PROJECTS", "VOTES"):
                sec, hdr = line, True
                continue
            if sec == "PROJECTS":
                if hdr:
                    hdr = False
                    continue
                ids.append(line.split(";")[0].strip())
        return ids

    def _rank_points(self):
        L = int(self.inst.meta.get("max_length", 0) or 0)
        L = max(L, max((len(b) for b in self.prof), default=0))
        return L

    def _score(self, p):
        vt = self.vote_type
        if vt == "cumulative" or vt == "scoring":
            return sum(b.get(p, 0) * self.prof.multiplicity(b) for b in self.prof) if hasattr(self.prof, "multiplicity") else sum(b.get(p, 0) for b in self.prof)
        if vt == "ordinal":
            L = self._rank_points()
            return sum(L - b.position(p) for b in self.prof if p in b)
        return sum(1 for b in self.prof if p in b)

    def _supporters(self, p):
        vt = self.vote_type
        if vt in ("cumulative", "scoring"):
            return sum(1 for b in self.prof if b.get(p, 0) > 0)
        return sum(1 for b in self.prof if p in b)

    def score_sat_class(self):
        """Satisfaction whose greedy density (sat / cost) is the agora score."""
        P = self.P
        vt = self.vote_type
        if vt == "approval" or vt == "choose-1":
            return P["pe"].Cost_Sat
        if vt in ("cumulative", "scoring"):
            def f(instance, profile, ballot, project, pre):
                return ballot.get(project, 0) * project.cost
        elif vt == "ordinal":
            L = self._rank_points()

            def f(instance, profile, ballot, project, pre):
                return (L - ballot.position(project)) * project.cost if project in ballot else 0
        else:
            raise ValueError(vt)

        class ScoreCostSat(P["AdditiveSatisfaction"]):
            def __init__(self, instance, profile, ballot):
                super().__init__(instance, profile, ballot, f)
        return ScoreCostSat

    def greedy(self, threshold=None):
        P = self.P
        inst = self.inst
        if threshold is not None:
            keep = [p for p in inst if self.score[p.name] >= threshold]
            inst = type(inst)(keep, budget_limit=inst.budget_limit)
        out = P["greedy_utilitarian_welfare"](inst, self.prof, sat_class=self.score_sat_class(),
                                             tie_breaking=self.tie)
        return [p.name for p in out]

    def mes(self):
        out = self.P["method_of_equal_shares"](self.inst, self.prof, sat_class=self.P["pe"].Cost_Sat,
                                               tie_breaking=self.tie)
        return [p.name for p in out]

    def mes_at(self, b0):
        """One pabutools MES run with a given per-voter budget (for the Add1 loop)."""
        P = self.P
        sat_profile = self.prof.as_sat_profile(sat_class=P["pe"].Cost_Sat)
        from pabutools.election import AbstractApprovalProfile
        out = P["method_of_equal_shares_scheme"](
            self.inst, self.prof, sat_profile, b0, P["BudgetAllocation"](), self.tie,
            resoluteness=True, binary_sat=isinstance(self.prof, AbstractApprovalProfile))
        return [p.name for p in out]

    def cost(self, names):
        return sum(self.projects[n].cost for n in names)

    def exhaustive(self, names):
        left = self.inst.budget_limit - self.cost(names)
        return not any(p.cost <= left for p in self.inst if p.name not in names)

    def mes_add1(self, variant="add1", max_steps=20000):
        """equalshares.net Add1 completion (spec/tally.md), driven here around pabutools'
        MES scheme: start every voter at floor(B/n) whole units, +1 unit per voter per step,
        keep the last outcome with cost <= B; stop as soon as the next would overspend
        (add1e: also once exhaustive). Stops early when every supported project is funded
        (more money cannot change the set). add1u: then greedy fill by score."""
        n = self.prof.num_ballots()
        B = Fraction(int(self.inst.budget_limit.numerator), int(self.inst.budget_limit.denominator))
        start = math.floor(B / n)
        supported = {p.name for p in self.inst if self.supp[p.name] > 0}
        k = 0
        cur = self.mes_at(start)
        steps = 0
        while True:
            if variant == "add1e" and self.exhaustive(cur):
                reason = "exhaustive"
                break
            if set(cur) >= supported:
                reason = "all-funded"
                break
            nxt = self.mes_at(start + k + 1)
            steps += 1
            if steps > max_steps:
                raise TimeoutError("too many Add1 steps")
            if self.cost(nxt) > self.inst.budget_limit:
                reason = "next-overspends"
                break
            cur, k = nxt, k + 1
        if variant == "add1u":
            P = self.P
            init = [self.projects[x] for x in cur]
            out = P["greedy_utilitarian_welfare"](self.inst, self.prof, sat_class=self.score_sat_class(),
                                                 tie_breaking=self.tie, initial_budget_allocation=init)
            filled = [p.name for p in out if p.name not in cur and self.score[p.name] > 0]
            cur = cur + filled
        return cur, start + k, reason

    def phragmen(self):
        out = self.P["sequential_phragmen"](self.inst, self.prof, tie_breaking=self.tie)
        return [p.name for p in out]

    def max_welfare(self):
        out = self.P["max_additive_utilitarian_welfare"](self.inst, self.prof,
                                                          sat_class=self.P["pe"].Cardinality_Sat)
        names = [p.name for p in out]
        return names, sum(self.supp[x] for x in names)

    def best_lexicographic(self):
        """Brute force (small instances only): max supports, then max cost."""
        items = [(self.supp[p.name], p.cost, p.name) for p in self.inst]
        best = (-1, -1)
        for r in range(len(items) + 1):
            for combo in itertools.combinations(items, r):
                c = sum(x[1] for x in combo)
                if c <= self.inst.budget_limit:
                    key = (sum(x[0] for x in combo), c)
                    if key > best:
                        best = key
        return best


# --------------------------------------------------------------------------------------
# PB cross-check
# --------------------------------------------------------------------------------------

PB_RULES = ["greedy", "greedy-threshold", "mes", "mes-add1", "mes-add1e", "mes-add1u", "phragmen",
            "max-supporters"]


def money_frac(s: str) -> Fraction:
    return Fraction(s)


def to_frac(x) -> Fraction:
    """pabutools numbers (gmpy2 mpq, int, Fraction) as a Fraction."""
    return Fraction(int(x.numerator), int(x.denominator))


def frac_str(x) -> str:
    """Exact decimal string of a Fraction whose denominator divides a power of ten."""
    x = to_frac(x)
    for d in range(0, 19):
        v = x * 10**d
        if v.denominator == 1:
            return fmt_money(x, d)
    raise ValueError(f"{x} is not a finite decimal")


def compare_pb(tally: Tally, ref: Ref, path: Path, ag: dict, rules, golden=None, label_prefix=""):
    """Compare agora results `ag[(path, rule)]` with pabutools for each rule."""
    for rule in rules:
        key = label_prefix + rule
        a = ag.get((str(path), rule))
        if a is None:
            continue
        if "error" in a:
            tally.skip(key, f"agora: {a['error']}")
            continue
        try:
            t0 = time.perf_counter()
            if rule == "greedy":
                r = ref.greedy()
                ok = a["selected"] == r
                exp = {"selected": r, "ordered": True}
            elif rule == "greedy-threshold":
                t = ref.inst.meta.get("min_project_score_threshold")
                if t is None:
                    continue
                r = ref.greedy(Fraction(t))
                ok = a["selected"] == r
                exp = {"selected": r, "ordered": True}
            elif rule == "mes":
                r = ref.mes()
                ok = a["selected"] == r
                exp = {"selected": r, "ordered": True}
            elif rule in ("mes-add1", "mes-add1e", "mes-add1u"):
                r, b0, reason = ref.mes_add1(rule.split("-")[1])
                ok = set(a["selected"]) == set(r)
                exp = {"selected": sorted(r), "ordered": False}
                # The per-voter budget kept is well defined when the loop stopped because
                # the next step overspends (or, add1e, on exhaustiveness).
                if reason != "all-funded":
                    exp["per_voter_budget"] = frac_str(b0)
                    ok = ok and money_frac(a["completion"]["per_voter_budget"]) == b0
                exp["stopped_because"] = reason
                if not ok:
                    why = f"agora stopped_because={a['completion']['stopped_because']}, reference loop {reason}"
                    tally.row(key)["notes"].add("disagreements where agora stopped 'saturated': "
                                                 "see all_disagreements in summary.json")
                    exp["why"] = why
            elif rule == "phragmen":
                if ref.vote_type != "approval":
                    continue
                r = ref.phragmen()
                ok = sorted(a["selected"]) == sorted(r)
                exp = {"selected": sorted(r), "ordered": False}
            elif rule == "max-supporters":
                r, w = ref.max_welfare()
                ok = a["supports"] == w
                exp = {"supports": w}
                if len(ref.projects) <= 16:
                    bw, bc = ref.best_lexicographic()
                    assert bw == w, f"pabutools max welfare {w} != brute force {bw}"
                    ok = ok and money_frac(a["total_cost"]) == to_frac(bc)
                    exp["total_cost"] = frac_str(bc)
            else:
                continue
        except TimeoutError as e:
            tally.skip(key, str(e))
            continue
        dt = time.perf_counter() - t0
        detail = {"file": str(path), "rule": rule, "agora": a, "reference": exp, "ref_seconds": dt,
                  "why": exp.pop("why", None)}
        tally.record(key, ok, [path], detail)
        if golden is not None and ok:
            golden.append({"file": path.name, "rule": rule, **exp})


def pb_crosscheck(args, runner, tally, out):
    d = out / "pb"
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    paths, meta = [], {}
    for i in range(args.pb):
        seed = rng.randrange(1 << 30)
        inst = gen_pb(random.Random(seed), f"pb{i:04d}", seed, small=i < args.golden_pb)
        p = d / f"pb{i:04d}.pb"
        write_pb(p, inst)
        paths.append(p)
        meta[p] = inst
    rules = args.rules.split(",") if args.rules else PB_RULES
    jobs = [("pb", p, ",".join(rules)) for p in paths]
    t0 = time.perf_counter()
    ag = run_agora(runner, jobs)
    print(f"agora-tally: {len(paths)} PB instances x {len(rules)} rules in {time.perf_counter() - t0:.2f} s")
    golden_cases = []
    t0 = time.perf_counter()
    for i, p in enumerate(paths):
        ref = Ref(p)
        g = [] if (args.golden and i < args.golden_pb) else None
        compare_pb(tally, ref, p, ag, rules, golden=g)
        if g is not None:
            golden_cases.extend(g)
            shutil.copy(p, GOLDEN / "pb" / p.name)
    print(f"pabutools: {len(paths)} PB instances in {time.perf_counter() - t0:.1f} s")
    return golden_cases


def real_crosscheck(args, runner, tally, out):
    files = sorted(REAL_DIR.glob("*.pb"))
    if not files:
        print(f"skipped: {REAL_DIR} not found")
        return
    skip_slow = set() if args.real_slow else {"Poland_Warszawa_2026.pb"}
    rules = ["greedy", "greedy-threshold", "mes", "phragmen", "max-supporters", "mes-add1"]
    ag = run_agora(runner, [("pb", f, ",".join(rules)) for f in files])
    for f in files:
        meta_rule = None
        for line in f.read_text().splitlines()[:40]:
            if line.startswith("rule;"):
                meta_rule = line.split(";", 1)[1].strip()
        # Official outcome.
        sel = official_selected(f)
        agora_rule = {"greedy": "greedy", "greedy-threshold": "greedy-threshold",
                      "equalshares/add1": "mes-add1"}.get(meta_rule)
        if agora_rule and not sel:
            tally.skip("real: official outcome (META rule)", f"{f.name} has no `selected` column")
        elif agora_rule:
            a = ag[(str(f), agora_rule)]
            ok = "selected" in a and sorted(a["selected"]) == sorted(sel)
            tally.record("real: official outcome (META rule)", ok, [],
                          {"file": f.name, "rule": agora_rule, "agora": a, "official": sel})
        t0 = time.perf_counter()
        ref = Ref(f)
        print(f"pabutools parse {f.name}: {time.perf_counter() - t0:.1f} s", flush=True)
        rr = ["greedy", "greedy-threshold", "mes", "phragmen", "max-supporters"]
        if f.name in ("Poland_Swiecie_2023.pb", "Netherlands_Assen_2024.pb"):
            rr.append("mes-add1")
        if f.name in skip_slow:
            rr = ["greedy", "greedy-threshold", "mes"]
        t0 = time.perf_counter()
        compare_pb(tally, ref, f, ag, rr, label_prefix="real: ")
        print(f"pabutools rules on {f.name}: {time.perf_counter() - t0:.1f} s", flush=True)


def official_selected(f: Path):
    sec, hdr, out = None, None, []
    for line in f.read_text().splitlines():
        if line in ("META", "PROJECTS", "VOTES"):
            sec, hdr = line, None
            continue
        if sec == "PROJECTS":
            cols = line.split(";")
            if hdr is None:
                hdr = cols
                continue
            row = dict(zip(hdr, cols))
            if row.get("selected", "").strip() == "1":
                out.append(row["project_id"].strip())
    return out


# --------------------------------------------------------------------------------------
# Polls
# --------------------------------------------------------------------------------------


def gen_ranked(rng: random.Random):
    m = rng.randint(3, 7)
    kind = rng.choice(["random", "random", "polarised", "few"])
    n_distinct = rng.randint(2, 6) if kind == "few" else rng.randint(4, 30)
    # Mallows-like: perturb a reference order.
    ref_order = list(range(m))
    rng.shuffle(ref_order)
    ballots = {}
    for _ in range(n_distinct):
        r = list(ref_order) if kind != "random" else rng.sample(range(m), m)
        if kind == "polarised" and rng.random() < 0.5:
            r = r[::-1]
        for _ in range(rng.randint(0, m)):
            i = rng.randrange(m - 1)
            r[i], r[i + 1] = r[i + 1], r[i]
        ballots[tuple(r)] = ballots.get(tuple(r), 0) + rng.randint(1, 9)
    seats = rng.randint(1, max(1, m - 2)) if m > 2 else 1
    return {"options": m, "ballots": sorted(ballots.items()), "seats": seats}


def gen_graded(rng: random.Random):
    m = rng.randint(2, 6)
    g = rng.randint(2, 6)
    n = rng.randint(3, 30)
    bias = [rng.random() for _ in range(m)]
    ballots = []
    for _ in range(n):
        grades = [min(g - 1, max(0, int(rng.gauss(bias[o] * (g - 1), g / 3) + 0.5))) for o in range(m)]
        ballots.append((tuple(grades), rng.randint(1, 5)))
    return {"options": m, "grades": g, "ballots": ballots}


def opt_names(m):
    return [f"o{i}" for i in range(m)]


def ranked_file(prof, method, tie_break=None):
    names = opt_names(prof["options"])
    d = {"method": method, "options": names,
         "ballots": [{"ranking": [names[o] for o in r], "count": c} for r, c in prof["ballots"]]}
    if method == "plurality":
        d["ballots"] = [{"choice": names[r[0]], "count": c} for r, c in prof["ballots"]]
    if method == "stv":
        d["seats"] = prof["seats"]
    if tie_break:
        d["tie_break"] = tie_break
    return d


def graded_file(prof, method):
    names = opt_names(prof["options"])
    g = prof["grades"]
    d = {"method": method, "options": names}
    if method == "majority-judgment":
        d["grades"] = [f"g{i}" for i in range(g)]
        d["ballots"] = [{"grades": {names[o]: gr for o, gr in enumerate(gs)}, "count": c}
                        for gs, c in prof["ballots"]]
    elif method in ("score", "score-mean"):
        d["method"] = "score"
        d["score_min"] = 0
        d["score_max"] = g - 1
        if method == "score-mean":
            d["rank_by"] = "mean"
        d["ballots"] = [{"scores": {names[o]: gr for o, gr in enumerate(gs)}, "count": c}
                        for gs, c in prof["ballots"]]
    elif method == "approval":
        # Approve the options graded in the upper half of the scale.
        d["ballots"] = [{"approve": [names[o] for o, gr in enumerate(gs) if 2 * gr >= g], "count": c}
                        for gs, c in prof["ballots"]]
    return d


def pv_profile(prof):
    from pref_voting.profiles import Profile
    rs = [list(r) for r, _ in prof["ballots"]]
    cs = [c for _, c in prof["ballots"]]
    return Profile(rs, rcounts=cs, cmap={i: f"o{i}" for i in range(prof["options"])})


def pv_grade_profile(prof, approval=False):
    from pref_voting.grade_profiles import GradeProfile
    g = prof["grades"]
    if approval:
        maps = [{o: int(2 * gr >= g) for o, gr in enumerate(gs)} for gs, _ in prof["ballots"]]
        grades = [0, 1]
    else:
        maps = [{o: gr for o, gr in enumerate(gs)} for gs, _ in prof["ballots"]]
        grades = list(range(g))
    return GradeProfile(maps, grades, gcounts=[c for _, c in prof["ballots"]],
                        candidates=list(range(prof["options"])))


def top_tier(res):
    r = res.get("result", {})
    ranking = r.get("ranking")
    return sorted(ranking[0]) if ranking else None


def irv_has_tie(res):
    for rd in res["result"]["rounds"]:
        reason = rd.get("reason")
        if reason and reason.get("kind") != "fewest_votes":
            return True
    return False


def stv_elected(res):
    r = res["result"]
    if "elected" in r:
        return sorted(r["elected"])
    return sorted(o for tier in r["ranking"][: r.get("seats", 0)] for o in tier)


def poll_crosscheck(args, runner, tally, out):
    import pref_voting.profiles  # noqa: F401
    from pref_voting.scoring_methods import plurality, borda
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.grade_methods import majority_judgement, approval, score_voting
    from pref_voting.proportional_methods import stv_scottish
    second = {}
    try:
        import pyrankvote
        second["pyrankvote"] = pyrankvote
    except ImportError:
        pass
    try:
        import votekit  # noqa: F401
        second["votekit"] = True
    except ImportError:
        pass

    d = out / "poll"
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed + 1)
    ranked_methods = [("plurality", None), ("borda", None), ("instant-runoff", "eliminate-all"),
                      ("instant-runoff", "backward"), ("schulze", None), ("stv", None)]
    graded_methods = ["majority-judgment", "approval", "score", "score-mean"]
    profiles = []
    jobs = []
    for i in range(args.poll):
        seed = rng.randrange(1 << 30)
        r = random.Random(seed)
        if i % 2 == 0:
            prof = gen_ranked(r)
            prof["kind"] = "ranked"
            files = {}
            for meth, tb in ranked_methods:
                key = meth + (f"/{tb}" if tb else "")
                p = d / f"poll{i:04d}_{key.replace('/', '_')}.json"
                p.write_text(json.dumps(ranked_file(prof, meth, tb)))
                files[key] = p
                jobs.append(("poll", p, ""))
        else:
            prof = gen_graded(r)
            prof["kind"] = "graded"
            files = {}
            for meth in graded_methods:
                p = d / f"poll{i:04d}_{meth}.json"
                p.write_text(json.dumps(graded_file(prof, meth)))
                files[meth] = p
                jobs.append(("poll", p, ""))
        prof["files"] = files
        prof["name"] = f"poll{i:04d}"
        profiles.append(prof)
    t0 = time.perf_counter()
    ag = run_agora(runner, jobs)
    print(f"agora-tally: {len(jobs)} poll files in {time.perf_counter() - t0:.2f} s")
    golden = []
    t0 = time.perf_counter()
    for i, prof in enumerate(profiles):
        in_golden = args.golden and i < args.golden_poll
        res = {k: ag[(str(p), "")] for k, p in prof["files"].items()}
        for k, v in res.items():
            if "error" in v:
                tally.skip(k, f"agora: {v['error']}")
        expected = {}
        if prof["kind"] == "ranked":
            pv = pv_profile(prof)
            checks = {
                "plurality": ("pref_voting plurality", plurality(pv)),
                "borda": ("pref_voting borda", borda(pv)),
                "instant-runoff/eliminate-all": ("pref_voting instant_runoff", instant_runoff(pv)),
                "schulze": ("pref_voting beat_path", beat_path(pv)),
            }
            for k, (label, winners) in checks.items():
                a = res[k]
                if "error" in a:
                    continue
                ok = top_tier(a) == sorted(winners)
                tally.record(f"{k} ({label})", ok, [prof["files"][k]],
                             {"agora_top_tier": top_tier(a), "reference": sorted(winners)})
                expected[k] = sorted(winners)
            # Score vectors too (plurality counts, Borda points).
            a = res["plurality"]
            if "error" not in a:
                ps = pv.plurality_scores()
                ok = a["result"]["votes"] == [ps[o] for o in range(prof["options"])]
                tally.record("plurality counts (pref_voting plurality_scores)", ok, [prof["files"]["plurality"]],
                             {"agora": a["result"]["votes"], "reference": ps})
            a = res["borda"]
            if "error" not in a:
                bs = pv.borda_scores()
                ok = a["result"]["points"] == [bs[o] for o in range(prof["options"])]
                tally.record("borda points (pref_voting borda_scores)", ok, [prof["files"]["borda"]],
                             {"agora": a["result"]["points"], "reference": bs})
            # IRV with agora's default tie rule: only where no elimination tie happened.
            a = res["instant-runoff/backward"]
            if "error" not in a:
                if irv_has_tie(a):
                    tally.skip("instant-runoff/backward (pref_voting instant_runoff)",
                               "elimination tie: rules differ by design")
                else:
                    w = sorted(instant_runoff(pv))
                    ok = top_tier(a) == w
                    tally.record("instant-runoff/backward (pref_voting instant_runoff)", ok,
                                 [prof["files"]["instant-runoff/backward"]],
                                 {"agora_top_tier": top_tier(a), "reference": w})
                    expected["instant-runoff/backward"] = w
                    if "pyrankvote" in second:
                        w2 = pyrankvote_irv(second["pyrankvote"], prof)
                        ok = top_tier(a) == w2
                        tally.record("instant-runoff/backward (pyrankvote, no ties)", ok,
                                     [prof["files"]["instant-runoff/backward"]],
                                     {"agora_top_tier": top_tier(a), "reference": w2})
                    if "votekit" in second:
                        w3 = votekit_irv(prof)
                        ok = top_tier(a) == w3
                        tally.record("instant-runoff/backward (votekit IRV, no ties)", ok,
                                     [prof["files"]["instant-runoff/backward"]],
                                     {"agora_top_tier": top_tier(a), "reference": w3})
            # STV: pref_voting's stv_scottish (Scottish rules, 5 decimals) is the same named
            # variant; exclusion ties it decides by lot, so compare only counts without them.
            a = res["stv"]
            if "error" not in a:
                if stv_has_lot_tie(a):
                    tally.skip("stv (pref_voting stv_scottish)", "tie decided by option order (lot in the reference)")
                else:
                    w = sorted(stv_scottish(pv, num_seats=prof["seats"], rng=random.Random(0)))
                    ok = stv_elected(a) == w
                    tally.record("stv (pref_voting stv_scottish)", ok, [prof["files"]["stv"]],
                                 {"agora_elected": stv_elected(a), "reference": w, "seats": prof["seats"],
                                  "agora": a["result"]})
                    expected["stv"] = w
        else:
            gp = pv_grade_profile(prof)
            ap = pv_grade_profile(prof, approval=True)
            checks = {
                "majority-judgment": ("pref_voting majority_judgement", majority_judgement(gp)),
                "approval": ("pref_voting approval", approval(ap)),
                "score": ("pref_voting score_voting sum", score_voting(gp)),
                "score-mean": ("pref_voting score_voting mean", score_voting(gp, evaluation_method="mean")),
            }
            for k, (label, winners) in checks.items():
                a = res[k]
                if "error" in a:
                    continue
                ok = top_tier(a) == sorted(winners)
                if not ok and k == "majority-judgment" and len(winners) > 1 \
                        and set(top_tier(a)) < set(winners):
                    # pref_voting breaks median ties with the majority gauge (p vs q) only and
                    # returns every option still tied; agora keeps removing median grades
                    # (Balinski-Laraki's majority ranking), which refines the gauge. Counted as
                    # agreement when agora's winners are a strict subset of the gauge tie.
                    ok = True
                    tally.row(f"{k} ({label})")["notes"].add(
                        "gauge ties refined by median removal are counted as agreement")
                    tally.row(f"{k} ({label})").setdefault("refined", 0)
                    tally.row(f"{k} ({label})")["refined"] += 1
                    winners = top_tier(a)
                tally.record(f"{k} ({label})", ok, [prof["files"][k]],
                             {"agora_top_tier": top_tier(a), "reference": sorted(winners),
                              "agora": a["result"]})
                expected[k] = sorted(winners)
        if in_golden:
            gfile = GOLDEN / "poll" / f"{prof['name']}.json"
            base = ranked_file(prof, None) if prof["kind"] == "ranked" else graded_file(prof, "majority-judgment")
            base.pop("method", None)
            base.pop("tie_break", None)
            if prof["kind"] == "ranked":
                base["seats"] = prof["seats"]
            gfile.write_text(json.dumps(base, separators=(",", ":")) + "\n")
            golden.append({"file": gfile.name, "kind": prof["kind"], "expected": expected})
    print(f"references: {len(profiles)} poll profiles in {time.perf_counter() - t0:.1f} s")
    return golden


def stv_has_lot_tie(res):
    for rd in res["result"].get("rounds", []):
        s = json.dumps(rd)
        if "tie_broken_by_option_order" in s:
            return True
    return False


def pyrankvote_irv(pyrankvote, prof):
    from pyrankvote import Candidate, Ballot
    cs = [Candidate(f"o{i}") for i in range(prof["options"])]
    bs = []
    for r, c in prof["ballots"]:
        for _ in range(c):
            bs.append(Ballot(ranked_candidates=[cs[o] for o in r]))
    res = pyrankvote.instant_runoff_voting(cs, bs)
    return sorted(int(w.name[1:]) for w in res.get_winners())


def votekit_irv(prof):
    from votekit import PreferenceProfile
    from votekit.ballot import RankBallot
    from votekit.elections import IRV
    bs = [RankBallot(ranking=[{f"o{o}"} for o in r], weight=c) for r, c in prof["ballots"]]
    p = PreferenceProfile(ballots=bs, candidates=[f"o{i}" for i in range(prof["options"])])
    e = IRV(p)
    return sorted(int(next(iter(s))[1:]) for s in e.get_elected())


# --------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pb", type=int, default=300, help="random PB instances")
    ap.add_argument("--poll", type=int, default=300, help="random poll profiles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench/out/crosscheck")
    ap.add_argument("--golden", action="store_true", help="(re)write tests/fixtures/golden")
    ap.add_argument("--golden-pb", type=int, default=30)
    ap.add_argument("--golden-poll", type=int, default=30)
    ap.add_argument("--rules", default="", help="PB rules to check (comma list; default all: "
                    + ",".join(PB_RULES) + ")")
    ap.add_argument("--real", action="store_true", help="also the real files in ../shared/data/pabulib")
    ap.add_argument("--real-slow", action="store_true", help="include Warszawa for Phragmen / max-supporters")
    args = ap.parse_args()
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if args.golden:
        for sub in ("pb", "poll"):
            if (GOLDEN / sub).exists():
                shutil.rmtree(GOLDEN / sub)
            (GOLDEN / sub).mkdir(parents=True)
    runner = build_runner()
    tally = Tally(out)
    g_pb = pb_crosscheck(args, runner, tally, out) if args.pb else []
    g_poll = poll_crosscheck(args, runner, tally, out) if args.poll else []
    if args.real:
        real_crosscheck(args, runner, tally, out)
    tally.print()
    (out / "summary.json").write_text(json.dumps(tally.to_json(), indent=1))
    if args.golden:
        import pabutools
        import pref_voting
        doc = {
            "generated_by": "bench/crosscheck/crosscheck.py --golden",
            "seed": args.seed,
            "references": {"pabutools": pabutools.__version__ if hasattr(pabutools, "__version__") else "1.2.3",
                           "pref_voting": getattr(pref_voting, "__version__", "1.18.2")},
            "tie_rule": "projects: higher score, then lower cost, then earlier in PROJECTS (passed to pabutools "
                        "as its TieBreakingRule); polls: the set of tied winners is compared with agora's first tier",
            "pb": g_pb,
            "poll": g_poll,
        }
        (GOLDEN / "expected.json").write_text(json.dumps(doc, indent=1) + "\n")
        size = sum(f.stat().st_size for f in GOLDEN.rglob("*") if f.is_file())
        print(f"golden fixtures: {len(g_pb)} PB cases, {len(g_poll)} poll profiles, {size / 1024:.0f} KB")
    bad = sum(r["disagreed"] for r in tally.rows.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
