import { beforeAll, describe, expect, it } from "vitest";
import { loadMainInFreshProcess, type HostLoadResult } from "../support/host/loadMainInFreshProcess";
import { privatelyBuiltMain } from "../support/host/privatelyBuiltMain";
import { sampleLocalSettings } from "../support/host/sampleLocalSettings";

interface HttpRoute {
  readonly functionName: string;
  readonly route: string | undefined;
  readonly authLevel: string | undefined;
}

// Checked on what the host would index (the registrations made when package.json's main loads),
// not on the source, so a route added in any file, by any means, is covered.
describe("every HTTP route the app registers", () => {
  let loaded: HostLoadResult;
  let routes: HttpRoute[];

  beforeAll(async () => {
    loaded = await loadMainInFreshProcess(sampleLocalSettings(), privatelyBuiltMain());
    routes = loaded.registrations.flatMap((registration) =>
      Object.values(registration.bindings)
        .filter((binding) => binding.type === "httpTrigger")
        .map((binding) => ({ functionName: registration.name, route: binding.route, authLevel: binding.authLevel })),
    );
  }, 120_000);

  it("are read from an app that loaded and registered at least one HTTP trigger", () => {
    expect(loaded.stderr).toBe("");
    expect(loaded.exitCode).toBe(0);
    expect(routes.length).toBeGreaterThan(0);
  });

  it("requires a function key: its auth level is function", () => {
    expect(routes).toEqual(routes.map((route) => ({ ...route, authLevel: "function" })));
  });
});
