#!/usr/bin/env bash
# The installer as a teacher gets it: builds the .deb (mvn -Pinstaller package), installs it with dpkg -i,
# starts the installed program (not Maven) under Xvfb with a shipped lesson file as its only argument -- what
# a double-click hands it -- with no JDK on the PATH (and none on disk where the machine lets us hide it),
# takes a screenshot with the app's --screenshot, checks that the lesson panel shows that lesson, and removes
# the package again. Fails if the installed app needs anything the package does not bring.
#
#   .ci/installer-smoke.sh          (as root: dpkg; INSTALLER_MVN_ARGS adds Maven flags, e.g. -o;
#                                    INSTALLER_DEB=FILE tries a .deb built before instead of building one)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "installer-smoke: $*"; }
fail() { echo "installer-smoke: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (apt-get install xvfb)"

if [ -n "${INSTALLER_DEB:-}" ]; then
  deb="$INSTALLER_DEB" # a .deb built before (trying this script out)
else
  say "mvn -Pinstaller package"
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${INSTALLER_MVN_ARGS:-} -Pinstaller package -DskipTests
  deb="$(ls target/installer/resnet-lab_*.deb)"
fi
size=$(stat -c %s "$deb")
say "$deb: $size bytes ($((size / 1000000)) MB), $(dpkg-deb -f "$deb" Installed-Size) KB installed"
[ "$size" -lt 120000000 ] || fail "the .deb is over 120 MB"

# What the package declares it needs (X and sound libraries, xdg-utils) comes from Debian, as on a teacher's
# machine; a desktop machine has the menu folders, without which xdg-utils registers no menu entry.
missing=()
for p in $(dpkg-deb -f "$deb" Depends | tr -d ','); do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing the declared dependencies ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p /usr/share/desktop-directories /etc/xdg/menus /usr/share/applications
dpkg -P resnet-lab >/dev/null 2>&1 || true
dpkg -i "$deb"
work="$(mktemp -d)"
trap 'dpkg -r resnet-lab >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

app=/opt/resnet-lab/bin/resnet-lab
lesson=/opt/resnet-lab/lib/app/lessons/01-degradation.json
[ -x "$app" ] || fail "$app is not there"
[ -f "$lesson" ] || fail "$lesson is not there"
desktop=/usr/share/applications/resnet-lab-resnet-lab.desktop
grep -q '^Name\[zh_CN\]=' "$desktop" || fail "$desktop has no Chinese name"
grep -q '^Exec=/opt/resnet-lab/bin/resnet-lab %f' "$desktop" || fail "$desktop does not hand the file to the app"
if command -v gio >/dev/null; then
  { printf 'PK\005\006'; head -c 18 /dev/zero; } > "$work/class.rlab" # an empty ZIP, as sessions are ZIPs
  type="$(gio info -a standard::content-type "$work/class.rlab" | sed -n 's/.*content-type: //p')"
  [ "$type" = application/x-resnet-lab-session ] || fail "a .rlab file is $type, not application/x-resnet-lab-session"
  handler="$(gio mime application/x-resnet-lab-session)" # whole output first: grep -q would close the pipe early
  grep -q resnet-lab-resnet-lab.desktop <<<"$handler" || fail "sessions do not open in resnet-lab: $handler"
  say "a .rlab file is $type and opens in resnet-lab"
fi

# No JDK on the PATH: the usual folders' programs, less every name a JDK on this machine has in its bin/
mkdir -p "$work/bin" "$work/home"
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  [ -d "$d" ] && ln -s "$d"/* "$work/bin/" 2>/dev/null || true # the first folder wins, as on the PATH
done
for j in /usr/lib/jvm/*/bin/* /usr/lib/jvm/*/jre/bin/* ${JAVA_HOME:+"$JAVA_HOME"/bin/*}; do
  [ -e "$j" ] && rm -f "$work/bin/$(basename "$j")"
done
PATH="$work/bin" command -v java >/dev/null && fail "java is still on the PATH"
run=(env -i "PATH=$work/bin" "HOME=$work/home" "XDG_CONFIG_HOME=$work/home/.config" LANG=C.UTF-8)
# and none on disk, where this machine allows a private mount: /usr/lib/jvm is hidden under an empty tmpfs
if unshare -m sh -c 'mount -t tmpfs none /usr/lib/jvm' 2>/dev/null; then
  run=(unshare -m sh -c 'mount -t tmpfs none /usr/lib/jvm && exec "$@"' sh "${run[@]}")
  say "launching with /usr/lib/jvm hidden and no java on the PATH"
else
  say "launching with no java on the PATH"
fi

shot="$work/installed.png"
set +e
timeout 300 "${run[@]}" xvfb-run -a -s "-screen 0 1440x900x24" \
  "$app" "$lesson" --screenshot "$shot" --after 8 >"$work/log" 2>&1
code=$?
set -e
line="$(grep -a '^screenshot ' "$work/log" || true)"
if [ $code -ne 0 ] || [ -z "$line" ] || [ ! -s "$shot" ]; then
  tail -n 40 "$work/log" >&2
  fail "the installed app did not start or wrote no screenshot (exit $code)"
fi
say "$line"
set -- $line
[ "${13:-}" = degradation ] || fail "the lesson panel shows '${13:-}', not the lesson degradation"
[ "${11:-0}" -ge 50 ] || fail "the screenshot has ${11:-0} colours; the window looks empty"
mkdir -p target/installer-smoke && cp "$shot" target/installer-smoke/
dpkg -r resnet-lab >/dev/null
[ ! -e "$app" ] || fail "dpkg -r left $app behind"
say "OK: installed, started without a JDK, lesson panel open, removed"
