import { describe, expect, it } from "vitest";
import { getNationalCloud, nationalCloudNames } from "../../src/clouds/nationalCloud";

describe("national cloud table", () => {
  it.each(nationalCloudNames)("gives %s a Graph scope that is its Graph root plus /.default", (name) => {
    const cloud = getNationalCloud(name);
    expect(cloud.graphScope).toBe(`${cloud.graphEndpoint}/.default`);
  });

  it.each(nationalCloudNames)("gives %s https endpoints without a trailing slash", (name) => {
    const cloud = getNationalCloud(name);
    for (const url of [cloud.graphEndpoint, cloud.authorityHost]) {
      expect(url).toMatch(/^https:\/\/[a-z0-9.-]+$/);
    }
  });

  it("lets US Gov L4 and L5 share one ARM environment but not one Graph host", () => {
    expect(getNationalCloud("USGov").armEnvironment).toBe(getNationalCloud("USGovDoD").armEnvironment);
    expect(getNationalCloud("USGov").graphEndpoint).not.toBe(getNationalCloud("USGovDoD").graphEndpoint);
  });
});
