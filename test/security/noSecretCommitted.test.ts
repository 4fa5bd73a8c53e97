import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findSecrets } from "../support/secretScanner";

const projectRoot = resolve(__dirname, "../..");

/**
 * Findings that are there on purpose. The only one: the private key of the loopback test
 * certificate. The Graph emulator must speak HTTPS (the bearer-token policy refuses plain http),
 * Node cannot mint a certificate at test time, so a key is committed; it is not a secret because
 * its certificate names only localhost, 127.0.0.1 and ::1 and is trusted only by processes started
 * with NODE_EXTRA_CA_CERTS pointing at it (tests, `npm start`). The last test below holds the
 * certificate to that, so the exception cannot quietly come to cover a real key.
 */
const allowList: readonly { readonly path: string; readonly rule: string; readonly why: string }[] = [
  { path: "test/support/certs/localhost.key", rule: "private key", why: "key of the loopback-only test certificate" },
  { path: "test/support/certs/localhost.key", rule: "key file", why: "key of the loopback-only test certificate" },
];

// Files that hold credentials by their nature, whatever their content looks like.
const credentialFileNames: readonly RegExp[] = [
  /\.(pfx|p12|pem|key|jks|keystore|publishsettings|ppk)$/i,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/,
  /(^|\/)\.env(\.[^/]*)?$/,
  /(^|\/)local\.settings\.json$/,
  /(^|\/)\.npmrc$/,
];

interface TreeFinding {
  readonly path: string;
  readonly rule: string;
  readonly where: string;
}

function isAllowed(finding: Pick<TreeFinding, "path" | "rule">): boolean {
  return allowList.some((entry) => entry.path === finding.path && entry.rule === finding.rule);
}

describe("the git tree", () => {
  let files: string[];
  let findings: TreeFinding[];

  beforeAll(() => {
    // Tracked files and untracked ones git would offer to add: a secret about to be committed is
    // caught before it is.
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: projectRoot, encoding: "utf8" });
    files = [...new Set(listed.split("\0").filter((path) => path !== ""))].sort();
    findings = [];
    for (const path of files) {
      if (credentialFileNames.some((pattern) => pattern.test(path))) findings.push({ path, rule: "key file", where: "file name" });
      let text: string;
      try {
        text = readFileSync(join(projectRoot, path), "utf8");
      } catch {
        continue; // listed by git but deleted in the working tree
      }
      for (const finding of findSecrets(text)) findings.push({ path, rule: finding.rule, where: `line ${finding.line}: ${finding.excerpt}` });
    }
  });

  it("is listed in full: sources, tests and the lockfile are all scanned", () => {
    expect(files).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "src/index.ts", "README.md", "test/support/certs/localhost.key"]));
  });

  it("holds no private key, connection-string key, token, client secret or credential file outside the allow-list", () => {
    expect(findings.filter((finding) => !isAllowed(finding))).toEqual([]);
  });

  it("needs every allow-list entry: an exception that no longer matches anything is removed", () => {
    expect(allowList.filter((entry) => !findings.some((finding) => finding.path === entry.path && finding.rule === entry.rule))).toEqual([]);
  });

  it("allows only a key whose certificate names nothing but loopback", () => {
    const certificate = new X509Certificate(readFileSync(join(projectRoot, "test/support/certs/localhost.crt")));
    const key = createPrivateKey(readFileSync(join(projectRoot, "test/support/certs/localhost.key")));
    expect(certificate.checkPrivateKey(key)).toBe(true);
    expect(certificate.subject).toBe("CN=localhost");
    expect(certificate.subjectAltName?.split(", ").sort()).toEqual(["DNS:localhost", "IP Address:0:0:0:0:0:0:0:1", "IP Address:127.0.0.1"]);
  });
});
