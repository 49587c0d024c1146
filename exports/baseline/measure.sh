#!/usr/bin/env bash
# `make pack-process`: `plenary export pack` (full audience, Korean) of a 1,000- and a
# 10,000-item session against the bare StreamWriter dump of the same cells
# (exports/baseline), both measured as whole processes by /usr/bin/time: wall time and
# peak resident memory, the median of RUNS runs each. Both read the same database, a
# private cluster in a temporary folder that an idle `plenary serve` keeps running, so
# that neither pays for starting PostgreSQL. Prints a table and the ratios.
#
# With BOOK=1 (`make book-process`) it measures `plenary export book` (full audience,
# Korean) of each session instead, the same way.
set -euo pipefail

BIN=${BIN:-bin/plenary}
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
BASE=bin/packbaseline

go build -o "$BASE" ./exports/baseline
dir=$(mktemp -d "${TMPDIR:-/tmp}/plenary-pack-XXXXXX")
# Run as root, the private cluster runs as the postgres user, who must be able to enter
# this folder (not list it) to reach the data folder inside.
chmod o+x "$dir"
serve_pid=
cleanup() {
	if [ -n "$serve_pid" ]; then
		kill -TERM "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT

# Only this test's own folder: never DATABASE_URL or another data folder.
unset DATABASE_URL
export PLENARY_DATA_DIR="$dir" PLENARY_DEMO_PASSWORD="pack-process-$$" PLENARY_LOG_LEVEL=warn
echo "pack-process: seeding $SIZES items in $dir" >&2
"$BIN" seed --demo >/dev/null
number=990
for n in $SIZES; do
	"$BIN" seed --scale "$n" --session "$number EX" >/dev/null 2>&1
	number=$((number + 1))
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18631)
PLENARY_ADDR="127.0.0.1:$port" "$BIN" serve >"$dir/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
	sleep 0.2
done
url="postgres://plenary:$(cat "$dir/postgres.password")@127.0.0.1:$(sed -n 4p "$dir/postgres/postmaster.pid")/plenary"

calc() { awk "BEGIN { print $1 }"; }

# measure COMMAND...: runs COMMAND RUNS times and prints "median-seconds median-KB".
measure() {
	local t=() m=() out
	for _ in $(seq 1 "$RUNS"); do
		if ! DATABASE_URL="$url" /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/err"; then
			echo "pack-process: $* failed:" >&2
			cat "$dir/err" >&2
			exit 1
		fi
		out=$(tail -1 "$dir/time")
		t+=("${out% *}")
		m+=("${out#* }")
	done
	printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")" \
		"$(printf '%s\n' "${m[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")"
}

echo "pack-process: $RUNS runs each, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" >&2
read -r start_t start_m < <(measure "$BIN" --help)
printf '%-28s %9s %9s\n' "process (median of $RUNS)" "seconds" "peak MB"
printf '%-28s %9s %9.1f\n' "plenary --help (start-up)" "$start_t" "$(calc "$start_m / 1024")"
number=990
declare -A pack_t
for n in $SIZES; do
	if [ -n "${BOOK:-}" ]; then
		read -r kt km < <(measure "$BIN" export book --session "$number EX" --audience full --lang ko -o "$dir/book.pdf")
		printf '%-28s %9s %9.1f\n' "export book, $n items" "$kt" "$(calc "$km / 1024")"
		number=$((number + 1))
		continue
	fi
	read -r pt pm < <(measure "$BIN" export pack --session "$number EX" --audience full --lang ko -o "$dir/pack.xlsx")
	read -r bt bm < <(measure "$BASE" -session "$number EX" -o "$dir/base.xlsx")
	pack_t[$n]=$pt
	printf '%-28s %9s %9.1f\n' "export pack, $n items" "$pt" "$(calc "$pm / 1024")"
	printf '%-28s %9s %9.1f\n' "baseline, $n items" "$bt" "$(calc "$bm / 1024")"
	printf '%-28s %8.2fx %8.2fx\n' "  pack / baseline" "$(calc "$pt / $bt")" "$(calc "$pm / $bm")"
	number=$((number + 1))
done
set -- $SIZES
if [ $# -ge 2 ] && [ -z "${BOOK:-}" ]; then
	printf '%-28s %8.2fx\n' "pack $2 / pack $1 items" "$(calc "${pack_t[$2]} / ${pack_t[$1]}")"
fi
echo "pack-process: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
