#!/usr/bin/env bash
# Builds the zip the Functions host runs: the `dotnet publish` output of functions/ (framework-dependent; the
# dotnet-isolated 10.0 stack of Flex Consumption brings the .NET runtime), zipped with host.json at its root.
#
#   infra/azure/package.sh                                  # publish Release and write artifacts/functions.zip
#   infra/azure/package.sh --output /tmp/app.zip
#   infra/azure/package.sh --configuration Debug --no-build # publish an existing build of that configuration
#   infra/azure/package.sh --from <folder>                  # zip an existing publish output instead of publishing
#
# Then:  az functionapp deployment source config-zip -g <rg> -n <app> --src artifacts/functions.zip
# (on Flex Consumption the CLI sends the zip to the app's one-deploy endpoint, /api/publish).
#
# Needs: bash, the .NET SDK (dotnet) and Info-ZIP's zip (Debian: apt-get install zip).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$repo_root/functions/PromoServerless.Functions.csproj"
assembly="PromoServerless.Functions.dll"
output="$repo_root/artifacts/functions.zip"
configuration="Release"
from=""
no_build=""

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    --no-build) no_build="--no-build"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "package.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

fail() { echo "package.sh: $*" >&2; exit 1; }

command -v zip >/dev/null || fail "zip not found (Debian: apt-get install zip)."

stage="$(mktemp -d "${TMPDIR:-/tmp}/promo-package.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

if [[ -z "$from" ]]; then
  command -v dotnet >/dev/null || fail "dotnet not found."
  # The Worker SDK's publish writes functions.metadata, worker.config.json and the host-side binding
  # extensions (.azurefunctions/, extensions.json) next to the app.
  dotnet publish "$project" -c "$configuration" $no_build -o "$stage" -nologo -v quiet
else
  [[ -d "$from" ]] || fail "--from '$from' is not a folder."
  cp -a "$from"/. "$stage"/
fi

# What the host needs at the package root before it can index a single function.
for required in host.json functions.metadata worker.config.json extensions.json "$assembly"; do
  [[ -f "$stage/$required" ]] || fail "$required is missing from the package root."
done
[[ -d "$stage/.azurefunctions" ]] || fail ".azurefunctions (the binding extensions) is missing from the package."
if grep -q '"customHandler"' "$stage/host.json"; then
  fail "host.json still declares a customHandler; the app runs on the dotnet-isolated worker."
fi

# Leave out local-only files: settings with secrets, symbols.
rm -f "$stage/local.settings.json"
find "$stage" -name '*.pdb' -delete

mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
rm -f "$output"
# -X leaves out extra timestamps and uid fields, so the same publish output zips the same.
(cd "$stage" && zip -q -r -X "$output" .)

unzip -Z1 "$output" | grep -qx 'host.json' || fail "host.json is not at the zip root."

echo "package.sh: wrote $output ($(grep -c '"scriptFile"' "$stage/functions.metadata" || true) functions)"
