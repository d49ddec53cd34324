"""The app's screens: the main screen (the run) and the help screen."""
