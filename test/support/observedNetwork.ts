import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NetworkEvent {
  readonly channel: string;
  readonly remote?: string;
  readonly host?: string;
  readonly origin?: string;
  readonly path?: string;
}

export interface NetworkObservation {
  /** Environment to add to the child: preloads the observer and says where it writes. */
  readonly env: Readonly<Record<string, string>>;
  /** What the child did on the network; call after it exited. */
  events(): NetworkEvent[];
  dispose(): void;
}

/** Prepares a child process to report every connection and request it starts. */
export function observeChildNetwork(): NetworkObservation {
  const dir = mkdtempSync(join(tmpdir(), "network-observer-"));
  const out = join(dir, "events.json");
  const preload = join(__dirname, "networkObserver.cjs");
  return {
    env: { NODE_OPTIONS: `--require ${JSON.stringify(preload)}`, NETWORK_OBSERVER_OUT: out },
    events: () => JSON.parse(readFileSync(out, "utf8")) as NetworkEvent[],
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
