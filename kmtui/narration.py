"""Narration: what each step did, in plain words with its numbers.

Pure text from Steps, shared by ``kmtui trace`` and the app's narration line,
so the terminal and the app always say the same thing. Also the Python code
that performs each step (the code panel) in the source material's terms.
"""

from __future__ import annotations

import math

from kmtui.engine.state import Phase, Step, StopReason

INIT_WORDS = {
    "uniform": "each coordinate drawn uniformly between the data's minimum and maximum",
    "random": "K distinct points of the data picked at random",
    "k-means++": "k-means++: each new centroid picked far from those already placed",
    "farthest": "a random point, then again and again the point farthest from those chosen",
    "manual": "placed by hand",
}


def fmt_num(value: float, digits: int = 4) -> str:
    """A number short enough for a narrow column, without float noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    mag = abs(value)
    if mag >= 1e6 or mag < 1e-3:
        return f"{value:.{digits - 1}e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")
    if mag >= 1000:
        return f"{value:,.1f}"
    text = f"{value:.{digits}g}"
    return text


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


_ASCII = str.maketrans({
    "—": "-", "–": "-", "·": "|", "×": "x", "√": "sqrt", "Σ": "sum", "²": "^2", "…": "...", "✖": "X",
    "←": "<-", "→": "->", "≤": "<=", "≥": ">=", "‖": "|", "Δ": "d", "\u00a0": " ", "●": "o", "▲": "^",
    "■": "#", "◆": "*", "✚": "+", "★": "@", "▼": "v", "◉": "%", "’": "'", "“": '"', "”": '"',
})


def asciify(text: str) -> str:
    """Text for ``--ascii`` terminals: common symbols spelled out, anything else non-ASCII as '?'."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def describe_step(step: Step, *, init: str = "uniform", n_samples: int | None = None) -> str:
    """One or two sentences on what ``step`` did."""
    k = step.n_clusters
    if step.phase is Phase.INIT:
        how = INIT_WORDS.get(init, init)
        return (f"Step 0 — init: {plural(k, 'centroid')} placed ({how}). Points are grey: "
                "no one belongs to a cluster yet.")
    if step.phase is Phase.ASSIGN:
        if step.stop is StopReason.LABELS:
            return describe_stop(step)
        first = step.iteration == 1 and n_samples is not None and step.changed == n_samples
        text = f"Step {step.index} — assign: every point joins its nearest centroid. "
        if first:
            text += f"All {n_samples} points got their first label."
        else:
            text += f"{plural(step.changed or 0, 'point')} changed cluster."
        if step.stop is not None:
            text += " " + describe_stop(step)
        return text
    moves = step.moves
    largest = ""
    if moves is not None and len(moves):
        largest = (f" Largest move {fmt_num(float(moves.max()))}; the squared moves sum to "
                   f"{fmt_num(float(step.shift or 0.0))} (the shift).")
    text = f"Step {step.index} — update: each centroid moves to the mean of its points.{largest}"
    for e in step.empty:
        if e.action == "relocated":
            text += f" Cluster {e.cluster} was empty, so it took point {e.point}, the one farthest from its centroid."
        elif e.action == "kept":
            text += f" Cluster {e.cluster} was empty; its centroid stays where it was."
        else:
            text += f" Cluster {e.cluster} was empty and every point sits on a centroid; it joins the largest cluster."
    if step.stop is not None:
        text += " " + describe_stop(step)
    return text


def describe_stop(step: Step) -> str:
    """Why the run ended, for the last step."""
    n = step.iteration
    if step.stop is StopReason.LABELS:
        return (f"Converged after {plural(n, 'iteration')}: no point changed cluster, "
                "so the centroids stop moving.")
    if step.stop is StopReason.TOL:
        return (f"Converged after {plural(n, 'iteration')}: the centroids moved less than the tolerance; "
                "a last assign makes every label match them.")
    if step.stop is StopReason.MAX_ITER:
        return (f"Stopped after {plural(n, 'iteration')}: the iteration limit was reached before "
                "the centroids settled.")
    return ""


def describe_knee(knee: int | None) -> str:
    """The elbow, said as the judgement it is."""
    if knee is None:
        return ("Kneedle finds no clear elbow: inertia falls at a steady rate, so no K stands out. "
                "The elbow is a judgement; look at the curve.")
    return (f"Kneedle finds the knee at K={knee}: past it, each extra cluster lowers inertia much less. "
            "The elbow is a judgement, not a law — look at the curve too.")


def code_for(step: Step, *, init: str = "uniform") -> str:
    """The numpy that performs ``step``, in the source material's terms."""
    if step.phase is Phase.INIT:
        if init == "uniform":
            return ("# init (K-Means step 1): K random centroids within the data's range\n"
                    "centroids = np.random.uniform(X.min(axis=0), X.max(axis=0),\n"
                    "                              size=(k, X.shape[1]))")
        if init == "random":
            return ("# init (K-Means step 1): K distinct data points as centroids\n"
                    "idx = np.random.choice(len(X), size=k, replace=False)\n"
                    "centroids = X[idx]")
        if init == "farthest":
            return ("# init (K-Means step 1): farthest-point init\n"
                    "centroids = [X[np.random.randint(len(X))]]\n"
                    "for _ in range(k - 1):\n"
                    "    d = np.min([((X - c) ** 2).sum(1) for c in centroids], axis=0)\n"
                    "    centroids.append(X[np.argmax(d)])")
        if init == "k-means++":
            return ("# init (K-Means step 1): k-means++ (as scikit-learn does it)\n"
                    "from sklearn.cluster import kmeans_plusplus\n"
                    "centroids, _ = kmeans_plusplus(X, n_clusters=k)")
        return "# init (K-Means step 1): centroids placed by hand\ncentroids = np.array(clicked_points)"
    if step.phase is Phase.ASSIGN:
        return ("# assign (K-Means step 2): distance from each point to every centroid,\n"
                "# then the nearest one's index is the label\n"
                "distances = np.sqrt(((X[:, None, :] - centroids[None]) ** 2).sum(axis=2))\n"
                "labels = np.argmin(distances, axis=1)\n"
                "inertia = (distances[np.arange(len(X)), labels] ** 2).sum()")
    return ("# update (K-Means step 3): each centroid moves to the mean of its points\n"
            "centroids_old = centroids.copy()\n"
            "centroids = np.array([X[labels == j].mean(axis=0) for j in range(k)])\n"
            "converged = np.array_equal(centroids, centroids_old)\n"
            "# kmtui (like scikit-learn) stops when an assign changes no label:\n"
            "# then the means, and so the centroids, cannot change either")


SKLEARN_CODE = """from sklearn.cluster import KMeans
model = KMeans(n_clusters={k}, init={init}, n_init=1, random_state={seed})
model.fit(X)
labels = model.predict(X)
model.cluster_centers_, model.inertia_"""
