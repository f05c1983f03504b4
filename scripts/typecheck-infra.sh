#!/usr/bin/env bash
# Type-checks sst.config.ts and infra/*.ts against SST's platform types, offline (stack-notes section 8).
#
#   scripts/typecheck-infra.sh                 install SST's platform if needed, then type-check
#   scripts/typecheck-infra.sh --fresh         remove .sst first (what CI does from a clean checkout)
#   scripts/typecheck-infra.sh --prove-failure add a file with a deliberate type error to infra/ and succeed only
#                                             if the check then fails on it (the file is removed on exit)
#
# `sst install` writes .sst/platform (SST's component sources, git-ignored) and runs `bun install` there against the
# npm registry; its flags below stop it from downloading Pulumi and bun from GitHub and from posting telemetry, and a
# temporary HOME keeps it out of the user's ~/.config/sst. tsc (the project's TypeScript) then checks the stack with
# tsconfig.sst.json; SST's own sources under .sst/ carry type errors of their own (Buffer/stream typings), so
# diagnostics whose path starts with `.sst/` are dropped and any other diagnostic fails the check. tsc runs
# incrementally (.sst/tsconfig.sst.tsbuildinfo), which halves a repeated check.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode="${1:-}"
case "$mode" in
  "" | --fresh | --prove-failure) ;;
  *) echo "usage: $0 [--fresh | --prove-failure]" >&2; exit 64 ;;
esac

if [[ "$mode" == "--prove-failure" ]]; then
  probe="infra/__deliberate_type_error__.ts"
  trap 'rm -f "$root/$probe"' EXIT
  printf '/** Written by scripts/typecheck-infra.sh --prove-failure; removed on exit. */\nexport const broken: number = "not a number";\n' >"$probe"
  if output="$("$0" 2>&1)"; then
    echo "FAIL: the type check passed although $probe holds a type error" >&2
    exit 1
  fi
  if ! grep -q "^$probe(2,14): error TS2322" <<<"$output"; then
    printf '%s\n' "$output" >&2
    echo "FAIL: the type check failed, but not on $probe" >&2
    exit 1
  fi
  grep "^$probe" <<<"$output"
  echo "ok: a deliberate type error in infra/ fails the check"
  exit 0
fi

export SST_SKIP_DEPENDENCY_CHECK=1 SST_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
export SST_BUN_PATH="$root/node_modules/@oven/bun-linux-x64/bin/bun"
export npm_config_update_notifier=false

sst_version="$(node -p 'require("./node_modules/sst/package.json").version')"
[[ "$mode" == "--fresh" ]] && rm -rf .sst
if [[ ! -f .sst/platform/config.d.ts || "$(cat .sst/platform/version 2>/dev/null)" != "$sst_version" ]]; then
  sst_home="$(mktemp -d)"
  echo "sst install (SST $sst_version, HOME=$sst_home)"
  if ! HOME="$sst_home" node node_modules/sst/bin/sst.mjs install --stage typecheck; then
    rm -rf "$sst_home"
    echo "FAIL: sst install did not complete" >&2
    exit 1
  fi
  rm -rf "$sst_home"
fi

status=0
output="$(node node_modules/typescript/bin/tsc -p tsconfig.sst.json --pretty false)" || status=$?
# A diagnostic starts at column 0 with its file path (or "error TS…" when it has none); its continuation lines are
# indented. Keep every diagnostic whose path is not under .sst/.
remaining="$(awk '/^[^ \t]/ { keep = ($0 !~ /^\.sst\//) } keep' <<<"$output")"
dropped="$(grep -c '^\.sst/' <<<"$output" || true)"

if [[ -n "$remaining" ]]; then
  printf '%s\n' "$remaining"
  echo "FAIL: sst.config.ts and infra/ have type errors (${dropped} diagnostics inside .sst/ ignored)" >&2
  exit 1
fi
if [[ "$status" -ne 0 && "$dropped" -eq 0 ]]; then
  printf '%s\n' "$output" >&2
  echo "FAIL: tsc exited with status $status without diagnostics" >&2
  exit 1
fi
echo "ok: sst.config.ts and infra/ type-check (${dropped} diagnostics inside .sst/ ignored)"
