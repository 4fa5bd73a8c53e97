import { HttpResponse } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { authFailureResponse } from "../../src/functions/authFailureResponse";

describe("the answer to a request whose token could not be checked", () => {
  it("is 503 with Retry-After: 30, in whole seconds as the header requires", () => {
    const response = new HttpResponse(authFailureResponse({ ok: false, failure: "signingKeysUnavailable", message: "The tenant's signing keys could not be read; try again shortly." }));
    expect({ status: response.status, retryAfter: response.headers.get("retry-after") }).toEqual({ status: 503, retryAfter: "30" });
  });
});
