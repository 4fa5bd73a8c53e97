// Loaded with `node --require` in a fresh process: stands in for the Functions host's Node worker,
// which provides the `@azure/functions-core` module to the app. It records what the app registers
// (function metadata as the host would receive it) and writes it as JSON when the process exits.
// A script running under it can invoke a registered handler the way the worker does:
// require("@azure/functions-core").registeredHandlers.get(name)(trigger, context).
// The local host (scripts/localHost) reads `registeredFunctions` (metadata with its handler, in
// registration order) and `hookCallbacks` (appStart, appTerminate, ...) to serve the app.
"use strict";
const Module = require("node:module");
const fs = require("node:fs");

const registrations = [];
const hooks = [];
const registeredHandlers = new Map();
const registeredFunctions = [];
const hookCallbacks = [];
let programmingModel;
const coreApi = {
  version: "3.10.0",
  hostVersion: "4.1000.0",
  setProgrammingModel(model) {
    programmingModel = { name: model.name, version: model.version };
  },
  getProgrammingModel() {
    return programmingModel;
  },
  registeredHandlers,
  registeredFunctions,
  hookCallbacks,
  registerFunction(metadata, handler) {
    registrations.push(metadata);
    registeredHandlers.set(metadata.name, handler);
    registeredFunctions.push({ metadata, handler });
    return { dispose() {} };
  },
  registerHook(hookName, callback) {
    hooks.push(hookName);
    hookCallbacks.push({ hookName, callback });
    return { dispose() {} };
  },
  log() {},
};

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === "@azure/functions-core") {
    return coreApi;
  }
  return originalLoad.call(this, request, parent, isMain);
};

process.on("exit", () => {
  const out = process.env.FUNCTIONS_SHIM_OUT;
  if (out) {
    // maxRSS is in KiB: the process's peak resident memory, for the cold-start benchmark.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    fs.writeFileSync(out, JSON.stringify({ programmingModel, registrations, hooks, peakRssBytes }));
  }
});
