"""`python -m newsscrape`: the same CLI, for when the console script is not on PATH."""

from newsscrape.cli import main

main()
