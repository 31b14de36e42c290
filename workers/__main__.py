"""``python -m workers`` runs the khabar command line."""

from workers.cli import main

main()
