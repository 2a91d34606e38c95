#!/bin/sh
# Builds the standalone harness for Sources/CLuaShim/fa_strmatch.c + fa_strlib.c and compares it with the
# stock Lua 5.4 string library (compare.lua). Exits non-zero on any mismatch.
#
#   ./run.sh            optimised build, all cases + budget checks + benchmarks
#   ./run.sh asan       also an -fsanitize=address,undefined build (no benchmarks)
#   ./run.sh valgrind   also the optimised binary under valgrind memcheck (no benchmarks)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../Sources/CLuaShim"
out=$(mktemp -d "${TMPDIR:-/tmp}/fa_strmatch_test.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

CFLAGS="-std=c11 -Wall -Wextra -Wpedantic -I/usr/include/lua5.4 -I$src/include"
LIBS="-llua5.4 -lm"

echo "== build (-O2)"
gcc -O2 $CFLAGS -o "$out/harness" "$here/harness.c" "$src/fa_strmatch.c" "$src/fa_strlib.c" $LIBS
echo "== run"
"$out/harness" "$here/compare.lua"

for mode in "$@"; do
  case "$mode" in
  asan)
    echo "== build (-fsanitize=address,undefined)"
    gcc -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
      $CFLAGS -o "$out/harness-asan" "$here/harness.c" "$src/fa_strmatch.c" "$src/fa_strlib.c" $LIBS
    echo "== run under ASan/UBSan"
    ASAN_OPTIONS=detect_leaks=1 "$out/harness-asan" "$here/compare.lua" nobench
    ;;
  valgrind)
    echo "== run under valgrind"
    valgrind -q --error-exitcode=99 --leak-check=full "$out/harness" "$here/compare.lua" nobench
    ;;
  *) echo "unknown mode: $mode" >&2; exit 2 ;;
  esac
done
