#!/usr/bin/env python3
"""Speed and memory: agora-tally (release, whole process) vs pabutools 1.2.3 (parse + rule
inside Python, time.perf_counter) on the real Pabulib files, same machine, same run.

Called by bench/tally/compare.sh; writes bench/out/tally/results.json and prints a Markdown
table for docs/PERFORMANCE.md ("## Decision algorithms").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench/out/tally"
PY = ROOT / "bench/.venv/bin/python"
PT = ROOT / "bench/tally/pabutools_time.py"

# agora rule -> pabutools rule (None: no pabutools counterpart measured)
RULES = [
    ("greedy", "greedy"),
    ("mes", "mes"),
    ("mes-add1", "mes-add1-pabutools"),
    ("phragmen", "phragmen"),
    ("max-supporters", "max-supporters"),
]


def max_rss_kb(stderr: str) -> int | None:
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(m.group(1)) if m else None


def agora(runner: Path, f: Path, rule: str, runs: int):
    probe = subprocess.run([str(runner), "pb", str(f), rule], capture_output=True, text=True)
    line = probe.stdout.strip().splitlines()[0] if probe.stdout.strip() else "{}"
    res = json.loads(line)
    if "error" in res:
        return {"error": res["error"]}
    tmp = OUT / "hf.json"
    if shutil.which("hyperfine"):
        subprocess.run(["hyperfine", "-N", "--warmup", "2", "--min-runs", str(runs), "--export-json", str(tmp),
                        f"{runner} pb {f} {rule}"], check=True, capture_output=True)
        r = json.loads(tmp.read_text())["results"][0]
        mean, sd, mn = r["mean"], r["stddev"], r["min"]
        cpu = r["user"] + r["system"]
    else:  # repeated timing
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([str(runner), "pb", str(f), rule], check=True, capture_output=True)
            ts.append(time.perf_counter() - t0)
        mean = sum(ts) / len(ts)
        sd = (sum((t - mean) ** 2 for t in ts) / len(ts)) ** 0.5
        mn = min(ts)
        cpu = None
    tv = subprocess.run(["/usr/bin/time", "-v", str(runner), "pb", str(f), rule], capture_output=True, text=True)
    return {"mean_s": mean, "stddev_s": sd, "min_s": mn, "cpu_s": cpu, "max_rss_kb": max_rss_kb(tv.stderr),
            "selected": sorted(res["selected"])}


def pabutools(f: Path, rule: str, timeout: int):
    cmd = ["/usr/bin/time", "-v", "timeout", str(timeout), str(PY), str(PT), str(f), rule]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode == 124:
        return {"timeout_s": timeout}
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["max_rss_kb"] = max_rss_kb(p.stderr)
    return r


def fmt_t(s):
    if s is None:
        return "–"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/pabulib")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--timeout", type=int, default=600, help="per pabutools run")
    ap.add_argument("--skip-pabutools-add1-on", default="Poland_Warszawa_2026.pb",
                    help="files where pabutools' MES+Add1 is not run here (see --warszawa-add1 in compare.sh)")
    ap.add_argument("--table-only", action="store_true", help="print the table of the last results.json")
    ap.add_argument("--reuse-pabutools", type=Path, default=None,
                    help="results.json of an earlier run: re-measure agora-tally only, keep pabutools' numbers")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.table_only:
        results = json.loads((OUT / "results.json").read_text())
        bg = OUT / "warszawa_add1.json"
        for r in results:
            if r["pabutools"].get("skipped") and bg.exists():
                r["pabutools"] = json.loads(bg.read_text())
        print(table(results))
        return
    files = sorted(args.data.glob("*.pb"), key=lambda p: p.stat().st_size, reverse=True)
    old = {}
    if args.reuse_pabutools:
        old = {(r["file"], r["rule"]): r["pabutools"] for r in json.loads(args.reuse_pabutools.read_text())}
    results = []
    for f in files:
        for arule, prule in RULES:
            a = agora(args.runner, f, arule, args.runs)
            if (f.name, arule) in old:
                p = old[(f.name, arule)]
            elif prule == "mes-add1-pabutools" and f.name in args.skip_pabutools_add1_on.split(","):
                p = {"skipped": "run once in the background: compare.sh --warszawa-add1"}
                bg = OUT / "warszawa_add1.json"
                if bg.exists():
                    p = json.loads(bg.read_text())
            else:
                p = pabutools(f, prule, args.timeout)
            row = {"file": f.name, "rule": arule, "pabutools_rule": prule, "agora": a, "pabutools": p}
            results.append(row)
            print(json.dumps(row)[:300], file=sys.stderr, flush=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    print(table(results))


def table(results):
    lines = ["| file | rule | agora-tally wall, min (mean ± sd) | agora CPU | agora max RSS "
             "| pabutools parse + rule, wall (CPU) | pabutools max RSS | speed-up, wall min / CPU |",
             "|---|---|---|---|---|---|---|---|"]
    bg = OUT / "warszawa_add1.json"
    for r in results:
        a, p = r["agora"], r["pabutools"]
        if "skipped" in p and bg.exists():
            p = json.loads(bg.read_text())
        if "error" in a:
            at, acpu = "n/a (" + a["error"][:40] + ")", "–"
        else:
            at = f"{fmt_t(a['min_s'])} ({fmt_t(a['mean_s'])} ± {fmt_t(a['stddev_s'])})"
            acpu = fmt_t(a.get("cpu_s"))
        arss = f"{a['max_rss_kb'] / 1024:.0f} MB" if a.get("max_rss_kb") else "–"
        if "parse_rule_s" in p:
            pc = p.get("parse_rule_cpu_s")
            pt = f"{fmt_t(p['parse_rule_s'])} ({fmt_t(pc)})"
            sp = f"{p['parse_rule_s'] / a['min_s']:.0f}×" if "min_s" in a else "–"
            if pc and a.get("cpu_s"):
                sp += f" / {pc / a['cpu_s']:.0f}×"
        elif "timeout_s" in p:
            pt = f"> {p['timeout_s']} s (timeout)"
            sp = f"> {p['timeout_s'] / a['min_s']:.0f}×" if "min_s" in a else "–"
        elif "skipped" in p:
            pt, sp = "not run", "–"
        else:
            pt, sp = ("n/a (approval profiles only)" if r["rule"] == "phragmen" else
                      "error: " + str(p.get("error", ""))[:50]), "–"
        prss = f"{p['max_rss_kb'] / 1024:.0f} MB" if p.get("max_rss_kb") else "–"
        rule = r["rule"] if r["pabutools_rule"] != "mes-add1-pabutools" else "mes-add1 ¹"
        lines.append(f"| {r['file'].removesuffix('.pb')} | {rule} | {at} | {acpu} | {arss} | {pt} | {prss} | {sp} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
