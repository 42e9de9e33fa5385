#!/bin/sh
# Nightly backup into $TRACKER_BACKUP_DIR/YYYY-MM-DDTHHMM, then retention: daily copies for
# $TRACKER_BACKUP_KEEP_DAYS days, plus the first copy of each month for $TRACKER_BACKUP_KEEP_MONTHS months.
set -eu
root="${TRACKER_BACKUP_DIR:-/var/backups/tracker}"
keep_days="${TRACKER_BACKUP_KEEP_DAYS:-14}"
keep_months="${TRACKER_BACKUP_KEEP_MONTHS:-12}"
target="$root/$(date +%Y-%m-%dT%H%M)"
"${TRACKER_BIN:-/opt/tracker/venv/bin/tracker}" backup "$target"

month_cutoff="$(date -d "-$keep_months months" +%Y-%m)"
day_cutoff="$(date -d "-$keep_days days" +%Y-%m-%d)"
last_month=""
for dir in $(ls -1d "$root"/20??-??-??T???? 2>/dev/null | sort); do
  name="$(basename "$dir")"; day="${name%%T*}"; month="${day%-*}"
  if [ "$month" != "$last_month" ] && [ ! "$month" \< "$month_cutoff" ]; then
    last_month="$month"; continue   # the month's first copy is kept for the monthly history
  fi
  if [ "$day" \< "$day_cutoff" ]; then
    rm -rf -- "$dir" && echo "removed old backup $dir"
  fi
done
