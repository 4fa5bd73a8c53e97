// The built-in local host: `npm start` runs it (node --require functionsHostShim.cjs --import tsx)
// when Azure Functions Core Tools is not installed. It loads the app's entry as the host does,
// reads what the app registered from the @azure/functions-core stand-in, and serves every
// function by its trigger: HTTP routes, Service Bus queues, timers. Never part of the package.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { mainFiles } from "../../test/support/host/loadMainInFreshProcess";
import { capturedRegistrations, type CapturedHook } from "./capturedRegistrations";
import { readHostJson } from "./hostJson";
import { HttpRouteTable } from "./http/httpRouteTable";
import { startHttpTriggerServer, type AdminInvocation } from "./http/httpTriggerServer";
import { localHostBanner } from "./localHostBanner";
import type { LocalHostReady } from "./localHostReady";
import { servedFunctions, type ServedFunction } from "./servedFunction";
import { startServiceBusTrigger, type RunningServiceBusTrigger } from "./serviceBus/serviceBusTriggerRunner";
import { startTimerTrigger, type RunningTimerTrigger } from "./timer/timerTriggerRunner";

const projectRoot = resolve(__dirname, "../..");
// The host gives in-flight invocations a grace period on shutdown; past it, they are cut.
const stopGraceMs = 10_000;

const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function runHooks(hooks: readonly CapturedHook[], hookName: string): Promise<void> {
  for (const hook of hooks.filter((one) => one.hookName === hookName)) {
    try {
      await hook.callback({ hookData: {}, appHookData: {} });
    } catch (error) {
      write(`local host: the ${hookName} hook threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "7071" }, main: { type: "string" } }, allowPositionals: false });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be a TCP port number, not '${values.port}'`);
  const hostJson = readHostJson(projectRoot);
  const files = mainFiles(values.main);
  if (files.length === 0) throw new Error(`package.json main (${values.main ?? "dist/index.js"}) names no file: run npm run build first.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads the entry as CommonJS, by path, at run time
  for (const file of files) require(file);
  const { functions, hooks } = capturedRegistrations();
  const settings: Readonly<Record<string, string | undefined>> = process.env;
  const served = servedFunctions(functions, settings);

  const http = served.filter((fn): fn is Extract<ServedFunction, { kind: "http" }> => fn.kind === "http");
  const routes = new HttpRouteTable(hostJson.routePrefix, http.map((fn) => ({ functionName: fn.name, route: fn.route, methods: fn.methods, target: fn })));
  const timers = new Map<string, RunningTimerTrigger>();
  const queues: RunningServiceBusTrigger[] = [];

  const invokeByAdmin = (name: string): AdminInvocation => {
    const fn = served.find((one) => one.name.toLowerCase() === name.toLowerCase());
    if (fn === undefined) return "notFound";
    const timer = timers.get(fn.name);
    if (timer !== undefined) {
      timer.runNow();
      return "accepted";
    }
    if (fn.kind === "http") return { refused: `${fn.name} is an HTTP function: call it on its route.` };
    if (fn.kind === "serviceBusQueue") return { refused: `${fn.name} runs on messages: send one to the queue '${fn.queueName}' (npx entra-reprocess enqueue ...).` };
    return { refused: fn.kind === "notServed" ? `${fn.name} is not served by the local host: ${fn.reason}` : `${fn.name} cannot be run now.` };
  };

  const server = await startHttpTriggerServer({ port, host: "127.0.0.1", routes, invokeByAdmin, write });
  await runHooks(hooks, "appStart");
  for (const fn of served) {
    if (fn.kind === "serviceBusQueue") {
      try {
        queues.push(startServiceBusTrigger({ fn, settings, serviceBus: hostJson.serviceBus, write }));
      } catch (error) {
        write(`${fn.name}: NOT STARTED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (fn.kind === "timer") timers.set(fn.name, startTimerTrigger({ fn, write }));
  }
  process.stdout.write(
    localHostBanner(
      server.origin,
      served.map((fn) => {
        if (fn.kind === "http") return { fn, detail: `${server.origin}${routes.publicPath({ functionName: fn.name, route: fn.route, methods: fn.methods, target: fn })}` };
        const next = timers.get(fn.name)?.nextMs;
        return { fn, detail: next === undefined ? "never" : new Date(next).toISOString() };
      }),
    ),
  );
  write(`Local host listening on ${server.origin} (routes under /${hostJson.routePrefix}/; Service Bus: autoCompleteMessages ${hostJson.serviceBus.autoCompleteMessages}, maxConcurrentCalls ${hostJson.serviceBus.maxConcurrentCalls}).`);
  const ready: LocalHostReady = {
    kind: "localHostReady",
    origin: server.origin,
    httpRoutes: http.map((fn) => ({ functionName: fn.name, path: routes.publicPath({ functionName: fn.name, route: fn.route, methods: fn.methods, target: fn }), methods: fn.methods })),
  };
  process.send?.(ready);

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    write(`Local host stopping (${why}): finishing invocations in flight, at most ${stopGraceMs / 1000} s.`);
    const grace = AbortSignal.timeout(stopGraceMs);
    // Whatever hangs, the process ends: this host must never outlive npm start.
    setTimeout(() => process.exit(1), stopGraceMs + 2_000).unref();
    void (async () => {
      await Promise.allSettled([server.close({ abortSignal: grace }), ...queues.map((queue) => queue.close({ abortSignal: grace })), ...[...timers.values()].map((timer) => timer.close({ abortSignal: grace }))]);
      await runHooks(hooks, "appTerminate");
      write("Local host stopped.");
      process.exit(0);
    })();
  };
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
  // npm start gone (even by SIGKILL): nothing is left to stop us, so stop.
  process.on("disconnect", () => {
    stop("npm start went away");
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`The local host could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
