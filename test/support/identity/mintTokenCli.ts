// `npm run token`: prints an access token the local issuer accepts, for curl and the CLI:
//   curl -H "Authorization: Bearer $(npm run -s token)" -X POST http://localhost:7071/api/...
// Options: --role <value> (default Reprocess.Invoke; --role none for a token without it),
// --version 1.0|2.0, --minutes <lifetime>. Signed with the committed test key, which every local
// issuer publishes, so it needs no running issuer and keeps working across restarts.
import { parseArgs } from "node:util";
import { accessTokenClaims } from "./accessTokenClaims";
import { localIdentity } from "./localIdentity";
import { mintAccessToken } from "./mintAccessToken";
import { committedSigningKey } from "./signingKey";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string", default: localIdentity.role },
      version: { type: "string", default: "1.0" },
      minutes: { type: "string", default: "60" },
    },
  });
  const version = values.version === "2.0" ? "2.0" : "1.0";
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error("--minutes must be a whole number of minutes, at least 1.");
  const claims = accessTokenClaims({ version, roles: values.role === "none" ? [] : [values.role], lifetimeSeconds: minutes * 60 });
  process.stdout.write(`${await mintAccessToken(claims, await committedSigningKey())}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
