import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findSecrets } from "./secretScanner";

// Every sample is assembled at run time: written out, it would be a committed secret the tree scan
// has to find, and a reason to weaken it.
const realKey = (bytes: number) => randomBytes(bytes).toString("base64");
const dashes = "-".repeat(5);
const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = [base64Json({ alg: "RS256", typ: "JWT" }), base64Json({ aud: "https://graph.microsoft.com" }), randomBytes(32).toString("base64url")].join(".");

describe("findSecrets", () => {
  it.each([
    ["a PEM private key", `${dashes}BEGIN PRIVATE KEY${dashes}\nMIIE...`, "private key"],
    ["an RSA private key", `${dashes}BEGIN RSA PRIVATE KEY${dashes}`, "private key"],
    ["an OpenSSH private key", `${dashes}BEGIN OPENSSH PRIVATE KEY${dashes}`, "private key"],
    ["a Service Bus connection string", `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${realKey(32)}`, "Service Bus / Event Hubs SharedAccessKey"],
    ["a storage connection string", `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${realKey(64)};EndpointSuffix=core.windows.net`, "storage AccountKey"],
    ["a SAS URL", `https://a.blob.core.windows.net/c?sv=2022-11-02&sig=${encodeURIComponent(realKey(32))}`, "shared access signature"],
    ["a JWT", jwt, "JWT"],
    ["a bearer token", `Authorization: Bearer ${randomBytes(30).toString("base64url")}`, "bearer token"],
    ["an Entra client secret", `abc8Q~${randomBytes(30).toString("base64url").slice(0, 34)}`, "Entra client secret"],
    ["a client secret setting", `"AZURE_CLIENT_SECRET": "${randomBytes(24).toString("hex")}"`, "client secret assignment"],
    ["a GitHub token", `ghp_${"a".repeat(36)}`, "GitHub token"],
    ["an AWS access key id", ["AKIA", "ABCDEFGHIJKLMNOP"].join(""), "AWS access key id"],
  ])("finds %s", (_label, text, rule) => {
    expect(findSecrets(text).map((finding) => finding.rule)).toContain(rule);
  });

  it.each([
    ["the loopback Service Bus emulator string", "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true"],
    ["a redacted authorization header", "authorization: Bearer <redacted>"],
    ["a Graph challenge", 'www-authenticate: Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"'],
    ["a client secret read from the environment", "clientSecret: process.env.AZURE_CLIENT_SECRET"],
    ["a client secret taken from a variable", "AZURE_CLIENT_SECRET: canaries.clientSecret,"],
    ["a placeholder client secret", 'client_secret="<your secret here>"'],
    ["a GUID", "d82eb508-acc4-43cc-bcf1-7c1c4a2c073b"],
  ])("does not flag %s", (_label, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("reports the line and never the whole secret", () => {
    const key = realKey(64);
    const [finding] = findSecrets(`first line\nAccountKey=${key}`);
    expect(finding?.line).toBe(2);
    expect(finding?.excerpt).not.toContain(key);
  });
});
