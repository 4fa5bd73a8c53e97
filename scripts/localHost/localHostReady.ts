/** What the local host tells the process that started it (npm start) once it serves requests. */
export interface LocalHostReady {
  readonly kind: "localHostReady";
  /** e.g. http://localhost:7071 */
  readonly origin: string;
  readonly httpRoutes: readonly { readonly functionName: string; readonly path: string; readonly methods: readonly string[] | undefined }[];
}

export function isLocalHostReady(message: unknown): message is LocalHostReady {
  return typeof message === "object" && message !== null && (message as { kind?: unknown }).kind === "localHostReady";
}
