#!/usr/bin/env bash
# Sync photo archives from the Kyiv and Kharkiv bureaus to the main store.
# Runs nightly from cron at 02:00 Kyiv time.
set -euo pipefail

export TZ=Europe/Kiev
SRC_HOSTS=(kiev-nas.internal kharkov-nas.internal)
DEST=/srv/photos/ukraine

for host in "${SRC_HOSTS[@]}"; do
  city=${host%%-*}
  # The Kharkiv NAS is slow; give it a longer timeout.
  timeout=600
  [[ $city == kharkov ]] && timeout=1800
  rsync -a --timeout="$timeout" "$host:/photos/" "$DEST/$city/"
done

echo "Synced Kiev and Kharkov archives at $(date -Is)"
