"""The Python code that performs each step (the code panel), in the source material's terms."""

from __future__ import annotations

from kmtui.engine.state import Phase, Step


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
