/** What `npm start` prints when Azure Functions Core Tools is missing: that it goes on without it, and how to get the real host. */
export const coreToolsInstallHelp = `Azure Functions Core Tools v4 ("func") is not on PATH, so npm start runs the app on the project's
built-in local host instead (scripts/localHost; see docs/running-locally.md for how it differs).
For the real Functions host, install Core Tools one of these ways, then run npm start again:

  npm (any OS):  npm install --global azure-functions-core-tools@4 --unsafe-perm true
  macOS:         brew tap azure/functions && brew install azure-functions-core-tools@4
  Windows:       winget install Microsoft.Azure.FunctionsCoreTools
  Ubuntu/Debian: add Microsoft's package repository, then sudo apt-get install azure-functions-core-tools-4
  Details:       https://learn.microsoft.com/azure/azure-functions/functions-run-local
`;
