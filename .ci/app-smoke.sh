#!/usr/bin/env bash
# Launches the resnet-lab window for real (mvn javafx:run) under Xvfb, lets the default comparison train for a
# few seconds, saves a screenshot of the window, and fails if the window did not come up.
#
#   .ci/app-smoke.sh [OUT.png] [app flags ...]     e.g. .ci/app-smoke.sh shot.png --lang zh --theme dark --pane flow
#
# Environment: SMOKE_AFTER (seconds before the screenshot, default 20), SMOKE_MVN_ARGS (extra Maven flags, e.g.
# "-o -DbuildDir=/tmp/build-x"), SMOKE_TIMEOUT (seconds for the whole launch, default 300).
# Needs xvfb and libgtk-3-0 (Debian); Chinese text needs a CJK font (fonts-noto-cjk). .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/app-smoke/app.png}"
shift || true
after="${SMOKE_AFTER:-20}"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out"

command -v xvfb-run >/dev/null || { echo "app-smoke: xvfb-run is missing (apt-get install xvfb)" >&2; exit 1; }
dpkg -s libgtk-3-0 >/dev/null 2>&1 || echo "app-smoke: warning: libgtk-3-0 not found; JavaFX may not open a window" >&2

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
args="--autostart --screenshot $out --after $after $*"
echo "app-smoke: mvn javafx:run -Djavafx.args=\"$args\" under Xvfb"
set +e
# shellcheck disable=SC2086
timeout "${SMOKE_TIMEOUT:-300}" xvfb-run -a -s "-screen 0 1600x1000x24" \
  mvn -B -ntp -q ${SMOKE_MVN_ARGS:-} compile javafx:run -Djavafx.args="$args" >"$log" 2>&1
code=$?
set -e
line="$(grep -a '^screenshot ' "$log" || true)"
if [ $code -ne 0 ] || [ -z "$line" ] || [ ! -s "$out" ]; then
  echo "app-smoke: FAILED (exit $code): the window did not come up or no screenshot was written" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
echo "app-smoke: $line"
# the window must show something: a blank or tiny picture means the scene never rendered
set -- $line
size="$3"; colours="${11:-0}"
w="${size%x*}"; h="${size#*x}"
if [ "$w" -lt 800 ] || [ "$h" -lt 500 ] || [ "$colours" -lt 50 ]; then
  echo "app-smoke: FAILED: the screenshot is ${size} with ${colours} colours; the window looks empty" >&2
  exit 1
fi
grep -a -i "exception" "$log" | grep -v -i "warning" | head -5 >&2 || true
echo "app-smoke: OK"
