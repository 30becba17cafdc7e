#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md.
#
# usage: scripts/bench.sh [SIZES…]        (default: 1000 10000 50000)
#
# For each size: generates the plan (cached in /tmp by size and seed), then times
# `check`, a `build` into a new folder and a second, unchanged `build`: wall time,
# CPU time (user + sys) and peak memory, from GNU time. Then the 50k/10k ratios, the
# serve save-to-reload latency on the 10k plan and on a git repository of it (median of
# 8 saves each), and Hugo on the
# same posts when `hugo` is on PATH. Only loopback traffic; every step has a timeout.
#
# Environment: OUTCARE (the binary; default: cargo build --release and use
# target/release/outcare), SEED (default 42), STEP_TIMEOUT (seconds, default 900).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
seed=${SEED:-42}
today=2026-11-24
step_timeout=${STEP_TIMEOUT:-900}

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (apt-get install time)" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y time >&2; else sudo apt-get install -y time >&2; fi
fi
if [ -z "${OUTCARE:-}" ]; then
    cargo build --release --quiet
    OUTCARE=target/release/outcare
fi
work=$(mktemp -d /tmp/outcare-bench-run.XXXXXX)
trap 'rm -rf "$work"' EXIT

plan_dir() { echo "/tmp/outcare-bench-plan-$1-seed$seed"; }

ensure_plan() {
    local dir
    dir=$(plan_dir "$1")
    if [ ! -e "$dir/.complete" ]; then
        echo "generating the $1-post plan in $dir" >&2
        rm -rf "$dir" "$dir-hugo"
        timeout "$step_timeout" python3 scripts/generate-plan.py "$1" "$dir" --seed "$seed" --hugo "$dir-hugo"
        touch "$dir/.complete"
    fi
}

# measure NAME COMMAND…: one table row; the command's output is discarded, and a
# failing status (other than check's 1 for errors) stops the run.
declare -A wall
measure() {
    local name=$1
    shift
    local status=0
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" timeout "$step_timeout" "$@" > /dev/null 2> "$work/stderr" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "$name failed (status $status):" >&2
        tail -5 "$work/stderr" >&2
        exit 1
    fi
    read -r e u s m < <(tail -1 "$work/time")
    wall[$name]=$e
    printf '%-28s %8.2f s %8.2f s %8.0f MB\n' "$name" "$e" "$(echo "$u + $s" | bc)" "$(echo "$m / 1024" | bc)"
}

printf '%-28s %10s %10s %11s\n' "step" "wall" "cpu" "peak memory"
for size in "${sizes[@]}"; do
    ensure_plan "$size"
    dir=$(plan_dir "$size")
    measure "check $size" "$OUTCARE" check --root "$dir" --today "$today" --format json
    measure "build $size (new folder)" "$OUTCARE" build --root "$dir" --today "$today" --out "$work/site-$size"
    measure "build $size (unchanged)" "$OUTCARE" build --root "$dir" --today "$today" --out "$work/site-$size"
    if command -v hugo > /dev/null; then
        measure "hugo $size (new folder)" hugo --quiet --source "$dir-hugo" --destination "$work/hugo-$size"
        printf '%-28s %8.1f×\n' "hugo/outcare build $size" \
            "$(echo "${wall[hugo $size (new folder)]} / ${wall[build $size (new folder)]}" | bc -l)"
    fi
    rm -rf "$work/site-$size" "$work/hugo-$size"
done

if [ -n "${wall[check 50000]:-}" ] && [ -n "${wall[check 10000]:-}" ]; then
    printf '%-28s %8.1f×\n' "check 50k/10k" "$(echo "${wall[check 50000]} / ${wall[check 10000]}" | bc -l)"
    printf '%-28s %8.1f×\n' "build 50k/10k" \
        "$(echo "${wall[build 50000 (new folder)]} / ${wall[build 10000 (new folder)]}" | bc -l)"
fi

# The preview's latency, on the plan as generated and on a git repository of it
# with a few commits (the changes page reads the history).
cat > "$work/serve.py" <<'PY'
"""Save-to-reload latency of `outcare serve`: long-poll the live endpoint, save a
post, time until the poll answers with a new version. Median of 8 saves."""
import glob, http.client, json, socket, statistics, subprocess, sys, threading, time

binary, root, today, label = sys.argv[1:5]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([binary, "serve", "--root", root, "--port", str(port), "--today", today],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def live(since=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", "/__outcare/live" + ("" if since is None else f"?since={since}"),
                       headers={"Host": "localhost"})
    return json.loads(connection.getresponse().read())["version"]

post = sorted(glob.glob(f"{root}/content/posts/*/*.md"))[0]
original = open(post).read()
try:
    deadline = time.monotonic() + 120
    while True:
        try:
            live()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("serve did not start")
            time.sleep(0.1)
    times = []
    for save in range(8):
        since = live()
        answer = {}
        poll = threading.Thread(target=lambda: answer.update(version=live(since)))
        poll.start()
        time.sleep(0.3)  # the poll is waiting before the save
        started = time.monotonic()
        with open(post, "w") as f:
            f.write(original.replace("title: ", f"title: Edit {save} of ", 1))
        poll.join()
        times.append(time.monotonic() - started)
        if answer.get("version") == since:
            sys.exit("the poll timed out before the reload signal")
        time.sleep(0.5)  # the watcher settles before the next save
    print(f"{label:<28} {statistics.median(times) * 1000:8.0f} ms (median of 8; "
          f"{min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms)")
finally:
    with open(post, "w") as f:
        f.write(original)
    server.terminate()
    server.wait()
PY
git_copy() {
    local dir="$1-git"
    if [ ! -e "$dir/.complete" ]; then
        echo "making a git repository of $1 in $dir" >&2
        rm -rf "$dir"
        cp -r "$1" "$dir"
        rm -f "$dir/.complete"
        (
            cd "$dir"
            git init -q
            git add -A
            # Dated inside the changes window that ends on $today.
            GIT_AUTHOR_DATE="2026-11-01T12:00:00Z" GIT_COMMITTER_DATE="2026-11-01T12:00:00Z" \
                git -c user.name=Bench -c user.email=bench@example.org commit -qm "The plan"
            for i in 1 2 3 4 5; do
                for f in $(ls content/posts/*/*.md | awk -v i="$i" 'NR % 250 == i'); do
                    sed -i 's/^title: /title: Revised, /' "$f"
                done
                GIT_AUTHOR_DATE="2026-11-1${i}T12:00:00Z" GIT_COMMITTER_DATE="2026-11-1${i}T12:00:00Z" \
                    git -c user.name=Bench -c user.email=bench@example.org commit -qam "Revision $i"
            done
            touch .complete
        )
    fi
    echo "$dir"
}
for size in "${sizes[@]}"; do
    [ "$size" = 10000 ] || continue
    timeout "$step_timeout" python3 "$work/serve.py" "$OUTCARE" "$(plan_dir 10000)" "$today" "serve save→reload 10000"
    timeout "$step_timeout" python3 "$work/serve.py" "$OUTCARE" "$(git_copy "$(plan_dir 10000)")" "$today" "serve save→reload 10000 git"
done
