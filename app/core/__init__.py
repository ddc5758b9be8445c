"""Core logic of 1-2-1 Coach. Nothing under this package imports Streamlit."""
