"""Clusters found without labels, compared with the species afterwards (pd.crosstab's table).

    python demos/iris_crosstab.py
"""

from __future__ import annotations

import signal

from kmtui import KMeans, crosstab, load_dataset
from kmtui.engine.metrics import adjusted_rand_score, purity

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the script quietly

iris = load_dataset("iris")
km = KMeans(n_clusters=3, init="k-means++", n_init=10, random_state=0).fit(iris.X)  # all 4 features
table, rows, cols = crosstab(km.labels_, iris.y)
names = [iris.target_names[c] for c in cols]
print("cluster  " + "  ".join(f"{n:>10}" for n in names))
for r, counts in zip(rows, table, strict=True):
    print(f"{r:>7}  " + "  ".join(f"{c:>10}" for c in counts))
print(f"\npurity {purity(km.labels_, iris.y):.3f}, adjusted Rand index {adjusted_rand_score(km.labels_, iris.y):.3f}")
print("setosa is found on its own; versicolor and virginica overlap, so some flowers land in the other's cluster.")
