"""Entry point: `streamlit run dashboard.py`. Page config, navigation and the chosen page."""

from prizestats.frame import run_app

run_app()
