"""Speaker identity across the corpus: which extracted names are one person or organisation."""
