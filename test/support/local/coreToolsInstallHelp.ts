/** What `npm start` prints when Azure Functions Core Tools is missing: how to get it, and what works without it. */
export const coreToolsInstallHelp = `npm start needs Azure Functions Core Tools v4 ("func"), and it is not on PATH.
It is a prerequisite, not a dependency of this project. Install it one of these ways, then run npm start again:

  npm (any OS):  npm install --global azure-functions-core-tools@4 --unsafe-perm true
  macOS:         brew tap azure/functions && brew install azure-functions-core-tools@4
  Windows:       winget install Microsoft.Azure.FunctionsCoreTools
  Ubuntu/Debian: add Microsoft's package repository, then sudo apt-get install azure-functions-core-tools-4
  Details:       https://learn.microsoft.com/azure/azure-functions/functions-run-local

Without Core Tools you can still run "npm run emulator" (the Graph emulator alone) and point the
command-line tool at it (it prints how), or run "npm test".
`;
