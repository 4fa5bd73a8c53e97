// Runs in a fresh Node process under functionsHostShim.cjs (started by runAppInFreshProcess): loads
// the app's entry exactly as the host does, with whatever settings it was given, invokes what
// APP_RUN_PLAN says, flushes telemetry and writes what it saw to the plan's result file.
// The entry must stay the first import: it sets Application Insights up before anything loads http.
import "../../../src/index";
import { writeFileSync } from "node:fs";
import { get } from "node:https";
import { sep } from "node:path";
import { HttpRequest, HttpResponse, type HttpHandler, type InvocationContext } from "@azure/functions";
import { coldStartTelemetry, flushColdStartTelemetry } from "../../../src/telemetry/coldStartTelemetry";
import { withInvocationTraceContext } from "../../../src/telemetry/withInvocationTraceContext";
import type { AppRunPlan, AppRunResult, HttpInvocationResult } from "./appRunPlan";
import { createInvocationContext, type CapturedLog } from "./functionInvocation";

const entryLoadedAtMs = performance.now();
const rssBytesAfterEntry = process.memoryUsage().rss;

interface ShimCoreApi {
  readonly registeredHandlers: ReadonlyMap<string, HttpHandler>;
}

function registeredHandler(name: string): HttpHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- provided at run time by functionsHostShim.cjs; no package has it
  const core = require("@azure/functions-core") as ShimCoreApi;
  const handler = core.registeredHandlers.get(name);
  if (handler === undefined) {
    throw new Error(`The app registered no function named ${name}`);
  }
  return handler;
}

/** Reports through the port exactly as the queue adapter will, wrapped the way it will be. */
const queueStandIn = withInvocationTraceContext((plan: AppRunPlan["queue"][number], context: InvocationContext) => {
  context.info("queue stand-in reporting", { outcome: plan.outcome.outcome });
  coldStartTelemetry.trackOutcome(plan.outcome);
  for (const action of plan.actions) {
    coldStartTelemetry.trackQueueAction(action);
  }
});

/** Settles once the answer has been read, whatever it was; failures are the probe's business. */
function probe(url: string): Promise<void> {
  return new Promise((resolve) => {
    get(url, (response) => {
      response.resume();
      response.on("end", resolve);
    }).on("error", () => {
      resolve();
    });
  });
}

async function run(plan: AppRunPlan): Promise<AppRunResult> {
  const logs: CapturedLog[] = [];
  const responses: HttpInvocationResult[] = [];
  for (const invocation of plan.http) {
    const { context, logs: invocationLogs } = createInvocationContext({ functionName: invocation.functionName, traceContext: { traceParent: invocation.traceParent } });
    const request = new HttpRequest({
      method: invocation.method ?? "POST",
      url: invocation.url ?? "http://localhost:7071/api/invoked",
      params: invocation.params,
      ...(invocation.headers === undefined ? {} : { headers: invocation.headers }),
    });
    const answer = await registeredHandler(invocation.functionName)(request, context);
    const response = answer instanceof HttpResponse ? answer : new HttpResponse(answer);
    responses.push({ status: response.status, headers: Object.fromEntries(response.headers) });
    logs.push(...invocationLogs);
  }
  for (const invocation of plan.queue) {
    const { context, logs: invocationLogs } = createInvocationContext({ functionName: "queueStandIn", traceContext: { traceParent: invocation.traceParent } });
    queueStandIn(invocation, context);
    logs.push(...invocationLogs);
  }
  for (const url of plan.probeUrls ?? []) {
    await probe(url);
  }
  await flushColdStartTelemetry();
  const applicationInsightsLoaded = Object.keys(require.cache).some((file) => file.includes(`${sep}node_modules${sep}applicationinsights${sep}`));
  return { entryLoadedAtMs, rssBytesAfterEntry, applicationInsightsLoaded, responses, logs };
}

const plan = JSON.parse(process.env.APP_RUN_PLAN ?? "") as AppRunPlan;
run(plan).then(
  (result) => {
    writeFileSync(plan.resultFile, JSON.stringify(result));
    // Exporter timers would otherwise keep the process alive for its next interval.
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
