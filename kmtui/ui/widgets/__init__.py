"""kmtui's widgets: each receives the current Step (or a chart) and draws it."""
