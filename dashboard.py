"""Entry point: `streamlit run dashboard.py`. Page config, navigation and the chosen page."""

from prizestats.app.frame import run_app

run_app()
