#!/usr/bin/env bash
# azd's prepackage hook for the `api` service (azure.yaml): builds the bundled package with
# `npm run package` into dist/package, the folder azure.yaml's `dist` names, so `azd deploy`
# uploads the same files as the az path's dist/app.zip, not the project folder.
# Plain bash 3.2 (macOS's own) is enough.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
npm run package

# azd zips dist/package itself. With no ignore file in that folder, it leaves every node_modules
# folder of a JS/TS function app out of the zip (it expects a remote build), yet the bundle
# requires the externals shipped in dist/package/node_modules at run time. An ignore file that
# ignores nothing keeps them; azd leaves the ignore file itself out of the zip. Written after
# the build, so dist/app.zip (the az path) does not carry it.
printf '%s\n' "# Written by infra/scripts/azd-package.sh: azd must zip this folder as it is, node_modules included." >dist/package/.funcignore
