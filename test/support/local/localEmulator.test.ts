import { describe, expect, it } from "vitest";
import { assignmentStates } from "../graph/emulatedAssignment";
import { localIdentityHeader, startLocalEmulator } from "./localEmulator";
import { testCertificate } from "../testCertificate";

describe("startLocalEmulator", () => {
  it("seeds a few assignments in every state and 25 delivered ones in one access package", async () => {
    const local = await startLocalEmulator({ GRAPH_EMULATOR_PORT: "0", IDENTITY_EMULATOR_PORT: "0", AMQP_PEER_PORT: "0" });
    const { emulator, seed } = local;
    try {
      for (const state of assignmentStates) {
        expect(seed.idsByState[state].map((id) => emulator.getAssignment(id)?.state)).toEqual([state, state, state]);
      }
      const fanOut = seed.fanOutAssignmentIds.map((id) => emulator.getAssignment(id));
      expect(fanOut).toHaveLength(25);
      expect(fanOut.every((a) => a?.state === "delivered" && a.accessPackageId === seed.fanOutAccessPackageId)).toBe(true);
    } finally {
      await local.close();
    }
  });

  it("hands out the settings that point an app at it, with the fixed local identity header", async () => {
    const local = await startLocalEmulator({ GRAPH_EMULATOR_PORT: "0", IDENTITY_EMULATOR_PORT: "0", AMQP_PEER_PORT: "0" });
    const { emulator, settings } = local;
    try {
      expect(settings).toEqual({
        GRAPH_CLOUD: "Global",
        GRAPH_BASE_URL: emulator.baseUrl,
        IDENTITY_ENDPOINT: emulator.identityEndpoint,
        IDENTITY_HEADER: localIdentityHeader,
        NODE_EXTRA_CA_CERTS: testCertificate.certPath,
        ServiceBusConnection: local.serviceBus.connectionString,
      });
    } finally {
      await local.close();
    }
  });

  it("refuses a port setting that is not a port number", async () => {
    await expect(startLocalEmulator({ GRAPH_EMULATOR_PORT: "eighty" })).rejects.toThrow(/GRAPH_EMULATOR_PORT/);
  });
});
