import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphEmulator } from "../support/graph/graphEmulator";
import type { HttpInvocationPlan, HttpInvocationResult } from "../support/host/appRunPlan";
import { loadMainInFreshProcess, type HostLoadResult, type RegisteredBinding } from "../support/host/loadMainInFreshProcess";
import { privatelyBuiltMain } from "../support/host/privatelyBuiltMain";
import { runAppInFreshProcess, type AppRun } from "../support/host/runAppInFreshProcess";
import { sampleLocalSettings } from "../support/host/sampleLocalSettings";
import { localIdentity } from "../support/identity/localIdentity";
import { TokenIssuer } from "../support/identity/tokenIssuer";

const entraSettings = {
  HTTP_AUTH: "entra",
  HTTP_AUTH_TENANT_ID: localIdentity.tenantId,
  HTTP_AUTH_AUDIENCE: localIdentity.audience,
  HTTP_AUTH_AUTHORITY_URL: "https://127.0.0.1:8444",
};

interface HttpRoute {
  readonly functionName: string;
  readonly trigger: RegisteredBinding;
}

function httpRoutes(loaded: HostLoadResult): HttpRoute[] {
  return loaded.registrations.flatMap((registration) =>
    Object.values(registration.bindings)
      .filter((binding) => binding.type === "httpTrigger")
      .map((trigger) => ({ functionName: registration.name, trigger })),
  );
}

function httpAuthLevels(loaded: HostLoadResult): (string | undefined)[] {
  return httpRoutes(loaded).map((route) => route.trigger.authLevel);
}

/** Every `{name}`, `{name:constraint}` or `{name?}` of a route template, each given a GUID. */
function routeParams(route: string): Record<string, string> {
  return Object.fromEntries([...route.matchAll(/\{\*?([A-Za-z_]\w*)[^}]*\}/g)].map((match) => [match[1] ?? "", randomUUID()]));
}

/** A request to the route as the host would pass it: its first method, its URL, its parameters. */
function invocationOf(route: HttpRoute, headers: Readonly<Record<string, string>>): HttpInvocationPlan {
  const template = route.trigger.route ?? route.functionName;
  const params = routeParams(template);
  const path = template.replace(/\{\*?([A-Za-z_]\w*)[^}]*\}/g, (_, name: string) => params[name] ?? "");
  return {
    functionName: route.functionName,
    method: route.trigger.methods?.[0] ?? "GET",
    url: `http://localhost:7071/api/${path}`,
    params,
    headers,
    traceParent: `00-${randomUUID().replaceAll("-", "")}-${"1".repeat(16)}-01`,
  };
}

// Checked on what the host would index, so a route added anywhere is covered: with HTTP_AUTH=entra
// the host must not ask for a function key (callers have none), because the app checks tokens.
describe("every HTTP route the app registers with HTTP_AUTH=entra", () => {
  let loaded: HostLoadResult;

  beforeAll(async () => {
    loaded = await loadMainInFreshProcess({ ...sampleLocalSettings(), ...entraSettings }, privatelyBuiltMain());
  }, 120_000);

  it("loads, and registers at least one HTTP trigger", () => {
    expect([loaded.exitCode, loaded.stderr, httpAuthLevels(loaded).length > 0]).toEqual([0, "", true]);
  });

  it("is anonymous to the host", () => {
    expect(httpAuthLevels(loaded).every((level) => level === "anonymous")).toBe(true);
  });
});

// Anonymous to the host means the app's own check is all there is: a route registered without
// httpAuth.protect would be open to anyone. So every handler the app registered, whatever routes
// exist, is called as the host would call it, and must refuse before doing anything.
describe("every HTTP handler the app registers with HTTP_AUTH=entra, called without a valid token", () => {
  let issuer: TokenIssuer;
  let graph: GraphEmulator;
  let routes: HttpRoute[];
  let withoutToken: { readonly route: HttpRoute; readonly response: HttpInvocationResult | undefined }[];
  let wrongAudience: { readonly route: HttpRoute; readonly response: HttpInvocationResult | undefined }[];
  let run: AppRun;

  beforeAll(async () => {
    issuer = await TokenIssuer.start();
    graph = await GraphEmulator.start();
    const settings = {
      ...sampleLocalSettings(),
      ...issuer.settings(),
      GRAPH_BASE_URL: graph.baseUrl,
      IDENTITY_ENDPOINT: graph.identityEndpoint,
      IDENTITY_HEADER: graph.identityHeader,
    };
    routes = httpRoutes(await loadMainInFreshProcess(settings, privatelyBuiltMain()));
    // Signed by the tenant's published key, of the right issuer and tenant, with the role: only
    // the audience is wrong, so the refusal is the audience check's.
    const otherAppsToken = await issuer.mint({ audience: "api://another-app" });
    const plan = [...routes.map((route) => invocationOf(route, {})), ...routes.map((route) => invocationOf(route, { authorization: `Bearer ${otherAppsToken}` }))];
    run = await runAppInFreshProcess(settings, { http: plan, queue: [] });
    const responses = run.result?.responses ?? [];
    withoutToken = routes.map((route, index) => ({ route, response: responses[index] }));
    wrongAudience = routes.map((route, index) => ({ route, response: responses[routes.length + index] }));
  }, 120_000);

  afterAll(async () => {
    await graph.close();
    await issuer.close();
  });

  it("are called, every one, in an app that started cleanly", () => {
    expect({ exitCode: run.exitCode, stderr: run.stderr, routes: routes.length > 0, answered: run.result?.responses.length }).toEqual({
      exitCode: 0,
      stderr: "",
      routes: true,
      answered: routes.length * 2,
    });
  });

  it("answer 401 with a bare Bearer challenge when the request has no Authorization header", () => {
    expect(withoutToken.length).toBeGreaterThan(0);
    expect(withoutToken.map(({ route, response }) => ({ route: route.functionName, status: response?.status, challenge: response?.headers["www-authenticate"] }))).toEqual(
      routes.map((route) => ({ route: route.functionName, status: 401, challenge: "Bearer" })),
    );
  });

  it("answer 401 invalid_token naming the audience when the token was issued for another app", () => {
    expect(wrongAudience.length).toBeGreaterThan(0);
    expect(wrongAudience.map(({ route, response }) => ({ route: route.functionName, status: response?.status, challenge: response?.headers["www-authenticate"] }))).toEqual(
      routes.map((route) => ({ route: route.functionName, status: 401, challenge: expect.stringMatching(/^Bearer error="invalid_token", error_description="[^"]*audience[^"]*"$/) as unknown })),
    );
  });

  it("make no Graph call and ask for no Graph token", () => {
    expect({ graph: graph.requests.length, identity: graph.identityRequests.length, refused: run.result?.responses.length }).toEqual({ graph: 0, identity: 0, refused: routes.length * 2 });
  });
});

describe("an app started with HTTP_AUTH=entra and no HTTP_AUTH_TENANT_ID", () => {
  it("stops at start-up naming the setting", async () => {
    const loaded = await loadMainInFreshProcess({ ...sampleLocalSettings(), ...entraSettings, HTTP_AUTH_TENANT_ID: "" }, privatelyBuiltMain());
    expect([loaded.exitCode === 0, loaded.stderr.includes("ConfigError: HTTP_AUTH_TENANT_ID")]).toEqual([false, true]);
  }, 120_000);
});
