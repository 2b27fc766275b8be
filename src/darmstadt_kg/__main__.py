"""Allow ``python -m darmstadt_kg``."""

from darmstadt_kg.cli import main

if __name__ == "__main__":
    main()
