// Loaded with `node --require` in a fresh process: stands in for the Functions host's Node worker,
// which provides the `@azure/functions-core` module to the app. It records what the app registers
// (function metadata as the host would receive it) and writes it as JSON when the process exits.
// A script running under it can invoke a registered handler the way the worker does:
// require("@azure/functions-core").registeredHandlers.get(name)(trigger, context).
"use strict";
const Module = require("node:module");
const fs = require("node:fs");

const registrations = [];
const hooks = [];
const registeredHandlers = new Map();
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
  registerFunction(metadata, handler) {
    registrations.push(metadata);
    registeredHandlers.set(metadata.name, handler);
    return { dispose() {} };
  },
  registerHook(hookName) {
    hooks.push(hookName);
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
