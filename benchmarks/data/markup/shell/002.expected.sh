#!/bin/sh
# build-gazetteer.sh: build the place-name database.
#
# Input files are named after the old slugs (kiev.csv, odessa.csv); the display names
# inside are the house spellings, e.g. Odesa for odessa.csv.

set -e
OUT=build/gazetteer.sqlite
rm -f "$OUT"

for f in data/places/kiev.csv data/places/odessa.csv data/places/lvov.csv; do
    # Each file holds one oblast centre and its districts (Lviv has six).
    sqlite3 "$OUT" ".import --csv $f places"
done

cat <<EOT > build/README
Gazetteer built $(date). Cities: Kiev, Odessa, Lvov (slugs).
EOT
