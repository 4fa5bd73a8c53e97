import type { HttpHandler } from "@azure/functions";
import type { AccessTokenCheck } from "../auth/accessTokenCheck";
import { AccessTokenValidator } from "../auth/accessTokenValidator";
import { fetchJsonOverHttps, type JsonFetcher } from "../auth/jsonOverHttps";
import { TenantSigningKeys } from "../auth/tenantSigningKeys";
import type { HttpAuthConfig } from "../config/httpAuthConfig";
import type { Telemetry } from "../core/telemetry";
import { withDeadline } from "../shared/withDeadline";
import { authFailureResponse } from "./authFailureResponse";
import { telemetryForCaller } from "./callerTelemetry";

/**
 * How every HTTP function is registered and guarded, decided once from HTTP_AUTH. A route applies
 * it with one call where it registers:
 * `app.http(name, { ..., authLevel: httpAuth.authLevel, handler: httpAuth.protect(createXHandler, dependencies) })`.
 */
export interface HttpAuthentication {
  /** `function`: the host checks function keys. `anonymous`: the app checks Entra tokens itself. */
  readonly authLevel: "function" | "anonymous";
  /**
   * The handler `create` builds from `dependencies`. With Entra tokens, the token is checked before
   * the handler runs (a refused request reaches neither Graph nor Service Bus), and the handler
   * records the caller in its outcome telemetry.
   */
  protect<TDependencies extends { readonly telemetry: Telemetry }>(create: (dependencies: TDependencies) => HttpHandler, dependencies: TDependencies): HttpHandler;
}

export interface HttpAuthenticationOptions {
  /** Replaces the https reader of the tenant's metadata and keys. */
  readonly fetchJson?: JsonFetcher;
}

/** A key read may take its full 10 s: the check gives up a little after that, never hangs. */
const checkDeadlineMs = 12_000;

const functionKeys: HttpAuthentication = {
  authLevel: "function",
  protect: (create, dependencies) => create(dependencies),
};

function refusedWithoutCheck(): AccessTokenCheck {
  return { ok: false, failure: "signingKeysUnavailable", message: "The token could not be checked in time; try again shortly." };
}

export function createHttpAuthentication(config: HttpAuthConfig, options: HttpAuthenticationOptions = {}): HttpAuthentication {
  if (config.kind === "functionKey") {
    return functionKeys;
  }
  // One key cache per process, shared by every route, so a refresh serves them all.
  const keys = new TenantSigningKeys({ metadataUrl: config.metadataUrl, fetchJson: options.fetchJson ?? fetchJsonOverHttps });
  const validator = new AccessTokenValidator({ config, keys });
  return {
    authLevel: "anonymous",
    protect: (create, dependencies) => async (request, context) => {
      let check: AccessTokenCheck;
      try {
        check = await withDeadline(checkDeadlineMs, ({ abortSignal }) => validator.check(request.headers.get("authorization"), { abortSignal }));
      } catch {
        check = refusedWithoutCheck();
      }
      if (!check.ok) {
        // The failed check, never the token: logs are read by more people than the token's owner.
        if (check.failure === "signingKeysUnavailable") context.warn("caller not checked: signing keys unavailable", { metadataUrl: config.metadataUrl });
        else context.info("caller refused", { failure: check.failure });
        return authFailureResponse(check);
      }
      context.info("caller authenticated", { callerObjectId: check.caller.objectId, callerAppId: check.caller.appId });
      // Built per request so the caller reaches the outcome event without any shared state.
      return create({ ...dependencies, telemetry: telemetryForCaller(dependencies.telemetry, check.caller) })(request, context);
    },
  };
}
