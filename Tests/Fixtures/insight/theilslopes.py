"""Reference Theil-Sen fits for DIMSInsight's tests: reads [{"x": [...], "y": [...]}, ...] as JSON on stdin and
prints [[slope, intercept, low_slope, high_slope], ...] as computed by scipy.stats.theilslopes."""
import json
import sys

import numpy as np
from scipy.stats import theilslopes

series = json.load(sys.stdin)
results = []
for item in series:
    fit = theilslopes(np.array(item["y"], dtype=float), np.array(item["x"], dtype=float), 0.95, method="separate")
    results.append([float(fit.slope), float(fit.intercept), float(fit.low_slope), float(fit.high_slope)])
json.dump(results, sys.stdout)
