"""Pure figures: chart builders, press figures and sentences, intake maths, exports, what a click
picks. No Streamlit and no database here: frames in, figures and text out."""
