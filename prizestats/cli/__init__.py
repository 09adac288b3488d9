"""The command line (python -m prizestats): one parser per command. Runs without Streamlit."""
