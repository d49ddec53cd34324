"""The Textual user interface: the only package of kmtui that imports textual."""
