import type { HttpRequestInit } from "@azure/functions";
import type { CapturedLog } from "./functionInvocation";

/** What the parent asks the app child process (appChildProcessMain.ts) over IPC. */
export type AppChildRequest =
  | { readonly kind: "invoke"; readonly functionName: string; readonly init: HttpRequestInit }
  | { readonly kind: "token" }
  | { readonly kind: "telemetry" };

export type AppChildAnswer =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly headers: readonly (readonly [string, string])[];
      readonly body: string;
      readonly logs: readonly CapturedLog[];
    }
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "telemetry"; readonly events: string }
  | { readonly kind: "ready" };
