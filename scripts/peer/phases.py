#!/usr/bin/python3
"""Phase steps from a torch_modadd.py metrics file (one JSON object per logged step).

  python3 scripts/peer/phases.py run.jsonl [more.jsonl ...]

Columns: mem = first step train acc == 100%; trL<1e-3 = first step train loss < 1e-3;
peak = step of max test loss; teAcc@mem / teAcc@peak = test acc then; te50/te99 = first step test acc > 50% / > 99%;
teL<.1 = first step test loss < 0.1; wnMax = step of max weight norm;
flat = first step after teL<.1 where the weight norm changed < 2% over the previous 500 steps;
s/step = wall / steps (includes evaluation).
"""
import json
import sys


def first(recs, pred):
    for r in recs:
        if pred(r):
            return r["step"]
    return None


def phases(recs):
    norms = {r["step"]: r["weightNorm"] for r in recs}
    tl01 = first(recs, lambda r: r["testLoss"] < 0.1)
    flat = None
    if tl01 is not None:
        flat = first(recs, lambda r: r["step"] >= tl01 and (r["step"] - 500) in norms
                     and abs(r["weightNorm"] - norms[r["step"] - 500]) / r["weightNorm"] < 0.02)
    last = recs[-1]
    mem = first(recs, lambda r: r["trainAcc"] >= 1.0)
    peak = max(recs, key=lambda r: r["testLoss"])
    at_mem = next((r for r in recs if r["step"] == mem), None)
    return {
        "mem": mem,
        "teAcc@mem": None if at_mem is None else round(at_mem["testAcc"], 3),
        "teAcc@peak": round(peak["testAcc"], 3),
        "trL<1e-3": first(recs, lambda r: r["trainLoss"] < 1e-3),
        "peak": peak["step"],
        "te50": first(recs, lambda r: r["testAcc"] > 0.5),
        "te99": first(recs, lambda r: r["testAcc"] > 0.99),
        "teL<.1": tl01,
        "wnMax": max(recs, key=lambda r: r["weightNorm"])["step"],
        "flat": flat,
        "last": last["step"],
        "finalTeAcc": round(last["testAcc"], 4),
        "finalTeL": float(f"{last['testLoss']:.3g}"),
        "wn0/max/last": f"{recs[0]['weightNorm']:.0f}/{max(norms.values()):.0f}/{last['weightNorm']:.0f}",
        "s/step": round(last["wall"] / max(last["step"], 1), 4),
    }


if __name__ == "__main__":
    for path in sys.argv[1:]:
        recs = [json.loads(l) for l in open(path) if l.strip()]
        print(path.split("/")[-1], json.dumps(phases(recs)))
