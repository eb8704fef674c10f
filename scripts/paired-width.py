#!/usr/bin/env python3
"""How much narrower the paired interval of a difference is than the
interval the same runs would give without pairing.

    scripts/paired-width.py DIR [METRIC ...]

DIR is a folder written by `ecsim compare`; only its comparison.csv is
read.  For every strategy after the first and every METRIC (default:
availability, tasks.killed, hosts.mean_busy), prints the half-width of
the paired 95 % interval of the difference to the first strategy,

    t(0.975, n - 1) * s_d / sqrt(n),

the half-width of the interval of the difference of two independent
means with n replications each (pooled, equal n),

    t(0.975, 2n - 2) * sqrt((s_A^2 + s_B^2) / n),

and their ratio (below 1: pairing helps).  Intervals are the unclamped
Student-t ones, from the standard deviations in comparison.csv.
"""
import csv
import math
import sys


def betacf(a, b, x):
    # continued fraction of the incomplete beta function (Lentz)
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def t_cdf(t, df):
    x = df / (df + t * t)
    lb = math.lgamma(df / 2 + 0.5) - math.lgamma(df / 2) - math.lgamma(0.5)
    front = math.exp(lb + df / 2 * math.log(x) + 0.5 * math.log(1 - x))
    ib = front * betacf(df / 2, 0.5, x) / (df / 2) if x < (df / 2 + 1) / (df / 2 + 1.5) \
        else 1 - front * betacf(0.5, df / 2, 1 - x) / 0.5
    return 1 - ib / 2 if t > 0 else ib / 2


def t_quantile(p, df):
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    metrics = sys.argv[2:] or ["availability", "tasks.killed", "hosts.mean_busy"]
    rows = list(csv.DictReader(open(sys.argv[1] + "/comparison.csv")))
    first = {}
    for r in rows:
        if r["diff_mean"] == "":
            first[r["metric"]] = r
    print("%-28s %-22s %12s %12s %8s" % ("metric", "strategy", "paired", "independent",
                                          "ratio"))
    for m in metrics:
        for r in rows:
            if r["metric"] != m or r["diff_mean"] == "":
                continue
            n = int(r["n"])
            sa, sb, sd = float(first[m]["stddev"]), float(r["stddev"]), float(r["diff_stddev"])
            paired = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
            indep = t_quantile(0.975, 2 * n - 2) * math.sqrt((sa * sa + sb * sb) / n)
            ratio = "%.2f" % (paired / indep) if indep > 0 else "-"
            print("%-28s %-22s %12.4g %12.4g %8s" % (m, r["strategy"], paired, indep, ratio))


main()
