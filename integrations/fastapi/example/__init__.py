"""The demo API over stand-in models, and a driver that writes a month of usage log."""
