#!/usr/bin/env python3
"""The one full-fidelity run of the test command: the demo at its own configuration (10,000 Monte Carlo draws;
the Swift suites run 400). Checks the headline figures of its pack.json.

Usage: Tests/full_fidelity_demo.py PACK_JSON DEMO_CONFIG
"""
import json
import sys


def main() -> int:
    pack = json.load(open(sys.argv[1], encoding="utf-8"))
    config = open(sys.argv[2], encoding="utf-8").read()
    failures = []
    # The demo keeps the default 10,000 draws: no uncertainty section in its reportgen.yaml.
    if "\nuncertainty:" in config:
        failures.append("the demo's reportgen.yaml sets uncertainty: the full-fidelity run needs its 10,000 draws")
    # March's Carbon optimization items sum to 51.2828 kgCO2e (shared/samples README), whatever the draw count.
    march = pack["totals"]["2025-03"]
    if abs(march - 51.2828) > 1e-9:
        failures.append(f"retained March total {march!r}, expected 51.2828 kgCO2e")
    model = pack["modelTotal"]
    if not model["p5"] < model["p50"] < model["p95"]:
        failures.append(f"model total not ordered P5 < P50 < P95: {model}")
    decision = pack["decision"]
    budget = decision["budgetKgco2ePerYear"]
    plan = decision["planKgco2ePerYear"]["p50"]
    if decision["withinBudget"] and plan > budget:
        failures.append(f"the plan is called within budget at {plan} kg against {budget} kg")
    baseline = decision["baselineKgco2ePerYear"]["p50"]
    avoided = decision["avoidedKgco2ePerYear"]["p50"]
    if avoided > baseline:
        failures.append(f"the package avoids {avoided} kg, more than the {baseline} kg baseline")
    for failure in failures:
        print("full-fidelity demo: " + failure, file=sys.stderr)
    print(f"full-fidelity demo: {'FAILED' if failures else 'ok'} (March {march:.4f} kg; plan {plan:.1f} of {budget} kg)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
