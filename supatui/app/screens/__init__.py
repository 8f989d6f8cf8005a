"""The dashboard's screens, one package or module per section."""
