import { describeQueueChaos } from "../support/chaos/queueChaosSuite";

// The small version of `npm run test:chaos`, in `npm test`: the same fault mix with 200 messages,
// ~15-20 s on 2 cores (under 40 s with the full run beside it). The deadline leaves room for a
// loaded machine; a send the SDK would hold for a minute is cut off at 3 s.
describeQueueChaos("200 queue messages through two competing consumer processes, one killed, with faults in every layer", {
  label: "small",
  run: { messages: 200, consumers: 2, maxConcurrentCalls: 8, seed: 20261128, timeoutMs: 60_000 },
  hookTimeoutMs: 90_000,
});
