import { join } from "node:path";

// Committed, long-lived and self-signed (CA:TRUE, SAN localhost/127.0.0.1/::1) because Node
// cannot mint certificates and the bearer-token policy refuses plain http.
export const testCertificate = {
  certPath: join(__dirname, "certs", "localhost.crt"),
  keyPath: join(__dirname, "certs", "localhost.key"),
} as const;
