# Recipes of the dashboard part; the lead merges them into the justfile.

# Export an SVG of every dashboard screen (80x24 and 120x40) into screenshots/
screenshots:
    .venv/bin/python scripts/screenshots.py --out screenshots

# Dashboard tests (Pilot + snapshots); add --snapshot-update after reviewing a layout change
test-app *args:
    .venv/bin/python -m pytest tests/app {{args}}
