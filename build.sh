#!/usr/bin/env bash
# Restores the pinned Cake tool and runs build/build.cake.
#   ./build.sh                                  # target Augment on dataset-specs/demo.yaml
#   ./build.sh --target=Test                    # build and run every test
#   ./build.sh --target=Prepare --spec=dataset-specs/ci.yaml
set -euo pipefail
cd "$(dirname "$0")"
# Passive OpenMP waiting: spinning workers slow libtorch badly on busy cores (changes no results).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# Cake compiles build.cake once per content hash into build/tools/cache.
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore > /dev/null
exec dotnet cake build/build.cake "$@"
