import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureLocalSettings } from "./localSettingsFile";

const emulatorSettings = { GRAPH_BASE_URL: "https://127.0.0.1:8443", IDENTITY_ENDPOINT: "http://127.0.0.1:8081/msi/token" };

describe("ensureLocalSettings", () => {
  let project: string;

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), "settings-"));
    copyFileSync(resolve("local.settings.sample.json"), join(project, "local.settings.sample.json"));
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it("creates local.settings.json from the sample when there is none", () => {
    const result = ensureLocalSettings(project, emulatorSettings);

    expect(result.status).toBe("created");
    expect(readFileSync(join(project, "local.settings.json"), "utf8")).toBe(readFileSync(resolve("local.settings.sample.json"), "utf8"));
  });

  it("leaves a developer's own file untouched", () => {
    const own = JSON.stringify({ IsEncrypted: false, Values: { GRAPH_BASE_URL: "https://127.0.0.1:9443" } });
    writeFileSync(join(project, "local.settings.json"), own);

    ensureLocalSettings(project, emulatorSettings);

    expect(readFileSync(join(project, "local.settings.json"), "utf8")).toBe(own);
  });

  it("names the settings of an existing file that do not point at the emulator", () => {
    writeFileSync(join(project, "local.settings.json"), JSON.stringify({ Values: { GRAPH_BASE_URL: "https://127.0.0.1:9443", IDENTITY_ENDPOINT: emulatorSettings.IDENTITY_ENDPOINT } }));

    expect(ensureLocalSettings(project, emulatorSettings)).toMatchObject({ status: "existing", differing: ["GRAPH_BASE_URL"] });
  });

  it("agrees that the sample itself points at the emulator's default ports", () => {
    const result = ensureLocalSettings(project, emulatorSettings);
    const again = ensureLocalSettings(project, emulatorSettings);

    expect(result.status).toBe("created");
    expect(again).toMatchObject({ status: "existing", differing: [] });
  });
});
