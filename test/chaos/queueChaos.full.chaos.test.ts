import { describeQueueChaos } from "../support/chaos/queueChaosSuite";

// `npm run test:chaos`: issue 8's full run, ~1-2 minutes on 2 cores, too long for `npm test`;
// test/chaos/queueChaos.test.ts is its small version there.
describeQueueChaos("2,000 queue messages through two competing consumer processes, one killed, with faults in every layer", {
  label: "full",
  run: { messages: 2_000, consumers: 2, maxConcurrentCalls: 16, seed: 8, timeoutMs: 420_000 },
  hookTimeoutMs: 480_000,
});
