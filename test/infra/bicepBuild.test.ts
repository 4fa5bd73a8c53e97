import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bicepHookTimeoutMs, getBicepCli, type CommandResult } from "./bicepCli";
import { cloudHosts, cloudNames, cloudTable, parameterFiles } from "./cloudTable";

// What azd puts in the environment of `azd provision`, which main.bicepparam reads.
const azdEnvironment = { GRAPH_CLOUD: "USGovDoD", AZURE_ENV_NAME: "demo", AZURE_LOCATION: "usdodeast" };

const suite = "the Bicep CLI on infra/";

describe(suite, () => {
  let directory: string;
  let build: CommandResult;
  let lint: CommandResult;
  let buildParams: CommandResult;
  let lintHardCodedHosts: CommandResult;
  const hardCodedHosts = cloudHosts();

  beforeAll(async () => {
    const bicep = await getBicepCli();
    directory = await mkdtemp(join(tmpdir(), "infra-build-"));
    // One hard-coded URL per host of the cloud table, linted with the project's configuration.
    const offender = join(directory, "hardCoded.bicep");
    await writeFile(offender, hardCodedHosts.map((host, index) => `output url${index} string = 'https://x.${host}/'\n`).join(""));
    [build, lint, buildParams, lintHardCodedHosts] = await Promise.all([
      bicep.run(["build", "infra/main.bicep", "--stdout"]),
      bicep.run(["lint", "--pattern", "infra/**/*.bicep*"], azdEnvironment),
      bicep.run(["build-params", "--pattern", "infra/**/*.bicepparam", "--outdir", join(directory, "params")], azdEnvironment),
      bicep.run(["lint", offender, "--config", "infra/bicepconfig.json"]),
    ]);
  }, bicepHookTimeoutMs);

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("builds main.bicep with neither an error nor a warning", () => {
    expect({ exitCode: build.exitCode, stderr: build.stderr }).toEqual({ exitCode: 0, stderr: "" });
  });

  it("finds nothing to lint in any Bicep or parameters file", () => {
    expect({ exitCode: lint.exitCode, output: lint.stdout + lint.stderr }).toEqual({ exitCode: 0, output: "" });
  });

  it("builds every parameters file", () => {
    expect({ exitCode: buildParams.exitCode, output: buildParams.stdout + buildParams.stderr }).toEqual({ exitCode: 0, output: "" });
  });

  it.each(cloudNames)("sets cloud to %s in that cloud's parameters file", async (cloud) => {
    const name = parameterFiles[cloud].replace(/^infra\/params\/(.*)\.bicepparam$/, "$1.json");
    const built = JSON.parse(await readFile(join(directory, "params/params", name), "utf8")) as {
      parameters: { cloud: { value: string } };
    };
    expect(built.parameters.cloud.value).toBe(cloud);
  });

  it("takes the cloud, the name and the region of the azd parameters file from the azd environment", async () => {
    const built = JSON.parse(await readFile(join(directory, "params/main.json"), "utf8")) as {
      parameters: Record<string, { value: string }>;
    };
    expect({
      cloud: built.parameters.cloud?.value,
      environmentName: built.parameters.environmentName?.value,
      location: built.parameters.location?.value,
    }).toEqual({ cloud: "USGovDoD", environmentName: "demo", location: "usdodeast" });
  });

  it("rejects, as an error, a hard-coded Graph, sign-in, Service Bus or storage host of any cloud", () => {
    // One offending line per host: every line must be reported.
    const reportedLines = (lintHardCodedHosts.stdout + lintHardCodedHosts.stderr)
      .split("\n")
      .filter((line) => line.includes(": Error no-hardcoded-env-urls:"))
      .map((line) => Number(/hardCoded\.bicep\((\d+),/.exec(line)?.[1]));
    expect(lintHardCodedHosts.exitCode).not.toBe(0);
    expect(reportedLines.sort((a, b) => a - b)).toEqual(hardCodedHosts.map((_host, index) => index + 1));
  });

  it("finds the cloud table the template loads", () => {
    const template = JSON.parse(build.stdout) as { variables: Record<string, unknown> };
    expect(Object.values(template.variables)).toContainEqual(cloudTable);
  });
});
