#!/usr/bin/env bash
# Before/after on one machine in one sitting: checks REV out into a temporary worktree and
# runs the same benchmark command there and in this checkout, alternating, ROUNDS times.
# A shared machine is noisy; read the medians of the alternating runs, not one pair.
#
#   tools/bench/ab.sh ce0fe4d 3 'pnpm --silent --filter @llm/models bench:decode'
#   tools/bench/ab.sh ce0fe4d 2 'BENCH_STEPS=20 pnpm --silent --filter @llm/trainer bench'
set -euo pipefail
rev=${1:?usage: ab.sh REV ROUNDS COMMAND}
rounds=${2:?usage: ab.sh REV ROUNDS COMMAND}
cmd=${3:?usage: ab.sh REV ROUNDS COMMAND}
here=$(cd "$(dirname "$0")/../.." && pwd)
before=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$before" >/dev/null 2>&1 || true' EXIT
git -C "$here" worktree add --detach "$before" "$rev" >/dev/null 2>&1
(cd "$before" && pnpm install --frozen-lockfile --offline >/dev/null)
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    dir=$here
    [ "$side" = before ] && dir=$before
    echo "== round $round: $side ($(git -C "$dir" rev-parse --short HEAD))"
    (cd "$dir" && bash -c "$cmd")
  done
done
