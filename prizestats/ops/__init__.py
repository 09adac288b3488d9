"""Running the dashboard: one server, or several behind nginx (prizestats serve)."""
