"""An independent, deliberately plain simulation of serverless environments,
the reference for src/traffic/simulate.ts (test/traffic/simulate.test.ts).

It shares no code and no data structure with the TypeScript one: a list of
environments scanned at every event, Python's own random generator, Poisson
arrivals drawn with random.expovariate. Same model: a request needs an idle
environment; an idle provisioned one first, else the most recently freed
on-demand one, else a new environment starts (cold). An on-demand environment
idle for longer than the idle time is gone. Pings every `pingEvery` seconds
are routed like requests and hold their environment for `pingMs`.

Input (stdin): a JSON list of configurations. Output (stdout): a JSON list of
{requests, cold, spill} counted after the warm-up.
"""
import json
import random
import sys


def simulate(c):
    rng = random.Random(c["seed"])
    rate, idle, warmup = c["rate"], c["idle"], c["warmup"]
    end = warmup + c["requests"] / rate
    arrivals = []
    t = 0.0
    while True:
        t += rng.expovariate(rate)
        if t >= end:
            break
        arrivals.append(t)
    events = [(a, 1) for a in arrivals]
    if c.get("pingEvery"):
        k = 0
        while k * c["pingEvery"] <= arrivals[-1]:
            events.append((k * c["pingEvery"], 0))  # 0 sorts before 1: a ping goes first at equal times
            k += 1
    events.sort()
    provisioned = c.get("provisioned", 0)
    envs = [{"free_at": float("-inf"), "prov": True} for _ in range(provisioned)]
    counted = cold = spill = 0
    for t, kind in events:
        envs = [e for e in envs if e["prov"] or e["free_at"] > t or t - e["free_at"] <= idle]
        free_prov = [e for e in envs if e["prov"] and e["free_at"] <= t]
        free_od = [e for e in envs if not e["prov"] and e["free_at"] <= t]
        if free_prov:
            env, started = free_prov[0], False
        elif free_od:
            env, started = max(free_od, key=lambda e: e["free_at"]), False
        else:
            env, started = {"free_at": t, "prov": False}, True
            envs.append(env)
        if started:
            busy_ms = rng.choice(c["coldMs"])
        elif kind == 0:
            busy_ms = c.get("pingMs", 0)
        else:
            busy_ms = rng.choice(c["warmMs"])
        env["free_at"] = t + busy_ms / 1000
        if kind == 1 and t >= warmup:
            counted += 1
            cold += started
            spill += provisioned > 0 and not env["prov"]
    return {"requests": counted, "cold": cold, "spill": spill}


print(json.dumps([simulate(c) for c in json.load(sys.stdin)]))
