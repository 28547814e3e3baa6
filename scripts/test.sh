#!/usr/bin/env bash
# Runs every test of Relay. Installs what the tests need when it is missing (Debian's chromium for the browser tests),
# builds once, then runs the unit and integration test projects. Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
export RELAY_CHROMIUM="${RELAY_CHROMIUM:-$(command -v chromium)}"

echo "==> Building (Release)"
dotnet build RelayWeb.sln -c Release -nologo -v quiet -clp:ErrorsOnly

results=$(mktemp -d)
status=0
for project in tests/Unit tests/Integration; do
  echo "==> Testing $project"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$(basename "$project").trx" \
    --results-directory "$results" "$@" || status=1
done

# One summary line in the plain 'N passed, N failed' form CI reads.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0)); failed += int(counters.get("failed", 0))
    skipped += int(counters.get("total", 0)) - int(counters.get("executed", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
