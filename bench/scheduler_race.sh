#!/usr/bin/env bash
# Two scheduler processes at the same due time, 10 due times: count the runs (docs/notifications.md).
# Against a migrated scratch database: DATABASE_URL=postgres://… or DATA_DIR=… (SQLite); the job is "notifications".
set -u
cd "$(dirname "$0")/.."
OUT=$(mktemp -d)
for i in $(seq 1 10); do
  now="2026-06-$(printf %02d $i)T12:00:00+00:00"
  .venv/bin/python manage.py run_schedule --once --job notifications --now "$now" > $OUT/a-$i.out 2>&1 &
  a=$!
  .venv/bin/python manage.py run_schedule --once --job notifications --now "$now" > $OUT/b-$i.out 2>&1 &
  b=$!
  wait $a $b
done
ran=$(cat $OUT/[ab]-*.out | grep -c "notifications (")
errors=$(cat $OUT/[ab]-*.out | grep -c -i "error\|traceback")
echo "ticks=20 runs_reported=$ran errors=$errors"
.venv/bin/python manage.py shell -c "from notifications.models import JobRun; from django.db.models import Count; rows=JobRun.objects.filter(job='notifications').values('due_at').annotate(n=Count('pk')); print('jobrun rows', JobRun.objects.filter(job='notifications').count(), 'max per due time', max(r['n'] for r in rows), 'states', set(JobRun.objects.values_list('state', flat=True)))"
