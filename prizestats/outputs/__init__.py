"""Files made for people: the press kit, the edition report, the digest. Run without Streamlit."""
