import { describe, expect, it } from "vitest";
import { assignmentStates } from "../graph/emulatedAssignment";
import { localIdentityHeader, startLocalEmulator } from "./localEmulator";
import { buildLocalSeed } from "./localSeed";
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

  it("seeds a deliveryFailed request inside the 14-day window, one past it, and a partiallyDelivered one", async () => {
    const local = await startLocalEmulator({ GRAPH_EMULATOR_PORT: "0", IDENTITY_EMULATOR_PORT: "0", AMQP_PEER_PORT: "0" });
    const { emulator, seed } = local;
    const ageInDays = (id: string): number => Math.round((Date.now() - Date.parse(emulator.getAssignmentRequest(id)?.completedDateTime ?? "")) / 86_400_000);
    try {
      const { deliveryFailedInWindow, deliveryFailedPastWindow, partiallyDelivered } = seed.requestIds;
      expect([deliveryFailedInWindow, deliveryFailedPastWindow, partiallyDelivered].map((id) => emulator.getAssignmentRequest(id)?.state)).toEqual([
        "deliveryFailed",
        "deliveryFailed",
        "partiallyDelivered",
      ]);
      expect([ageInDays(deliveryFailedInWindow), ageInDays(deliveryFailedPastWindow), ageInDays(partiallyDelivered)]).toEqual([2, 20, 1]);
    } finally {
      await local.close();
    }
  });

  it("seeds one catalog holding both seeded access packages", () => {
    const seed = buildLocalSeed();

    expect(seed.catalog.accessPackages.map((accessPackage) => accessPackage.id)).toEqual([seed.assignments[0]?.accessPackageId, seed.fanOutAccessPackageId]);
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
