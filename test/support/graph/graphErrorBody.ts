export interface GraphRequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

// The shape Graph uses for every error: clients log innerError's ids because they are what
// Microsoft support asks for, so the emulator must always fill them in.
export function graphErrorBody(code: string, message: string, ids: GraphRequestIds): string {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  });
}
