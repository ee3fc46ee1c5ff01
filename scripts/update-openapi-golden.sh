#!/usr/bin/env bash
# Regenerates tests/Tracker.Tests/OpenApi/openapi.golden.json from the served /openapi/v1.json
# after a deliberate change of routes, parameters or schemas; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GOLDEN=1 dotnet test tests/Tracker.Tests --filter "FullyQualifiedName~OpenApiDocumentTests.The_served_document_matches_the_golden_copy" -nologo
git --no-pager diff --stat -- tests/Tracker.Tests/OpenApi/openapi.golden.json
