import { join } from "node:path";

// Committed, long-lived and self-signed because Node cannot mint certificates and the bearer-token
// policy refuses plain http. A leaf (CA:FALSE, SAN localhost/127.0.0.1/::1): trusting it can never
// make a process accept a certificate it signed for some other host.
export const testCertificate = {
  certPath: join(__dirname, "certs", "localhost.crt"),
  keyPath: join(__dirname, "certs", "localhost.key"),
} as const;
