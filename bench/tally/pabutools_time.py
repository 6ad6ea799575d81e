#!/usr/bin/env python3
"""Time pabutools 1.2.3 on one Pabulib file and one rule: parse + rule, measured with
time.perf_counter (wall) and time.process_time (CPU) inside this process. Prints one JSON line.

  pabutools_time.py FILE.pb RULE     RULE: greedy | mes | mes-add1-pabutools | phragmen | max-supporters

greedy          greedy_utilitarian_welfare(sat_class=Cost_Sat)   (greedy by number of supporters)
mes             method_of_equal_shares(sat_class=Cost_Sat)        (no completion)
mes-add1-pabutools  method_of_equal_shares(sat_class=Cost_Sat, voter_budget_increment=1)
                (pabutools' own completion: start at B/n, +1 per step, stop at the first
                exhaustive or infeasible outcome -- not the equalshares.net Add1 of agora)
phragmen        sequential_phragmen
max-supporters  max_additive_utilitarian_welfare(sat_class=Cardinality_Sat)
"""
import json
import sys
import time

t0 = time.perf_counter()
from pabutools.election import parse_pabulib, Cost_Sat, Cardinality_Sat  # noqa: E402
from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares,  # noqa: E402
                             sequential_phragmen, max_additive_utilitarian_welfare)
t_import = time.perf_counter() - t0

path, rule = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
c0 = time.process_time()
inst, prof = parse_pabulib(path)
t_parse = time.perf_counter() - t0
t1 = time.perf_counter()
if rule == "greedy":
    out = greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
elif rule == "mes":
    out = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
elif rule == "mes-add1-pabutools":
    out = method_of_equal_shares(inst, prof, sat_class=Cost_Sat, voter_budget_increment=1)
elif rule == "phragmen":
    out = sequential_phragmen(inst, prof)
elif rule == "max-supporters":
    out = max_additive_utilitarian_welfare(inst, prof, sat_class=Cardinality_Sat)
else:
    sys.exit(f"unknown rule {rule}")
t_rule = time.perf_counter() - t1
cpu = time.process_time() - c0
print(json.dumps({"file": path, "rule": rule, "import_s": t_import, "parse_s": t_parse,
                  "rule_s": t_rule, "parse_rule_s": t_parse + t_rule, "parse_rule_cpu_s": cpu,
                  "selected": sorted(p.name for p in out)}))
