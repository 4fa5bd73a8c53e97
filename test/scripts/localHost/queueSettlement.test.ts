import { describe, expect, it } from "vitest";
import { settlementAfter } from "../../../scripts/localHost/serviceBus/queueSettlement";

describe("settlementAfter", () => {
  it("abandons a message whose invocation threw, so the broker delivers it again", () => {
    expect(settlementAfter("threw", true)).toBe("abandon");
  });

  it("abandons on a throw even when the function settles messages itself", () => {
    expect(settlementAfter("threw", false)).toBe("abandon");
  });

  it("completes a message whose invocation returned when autoCompleteMessages is true", () => {
    expect(settlementAfter("returned", true)).toBe("complete");
  });

  it("leaves a returned message locked for the function when autoCompleteMessages is false", () => {
    expect(settlementAfter("returned", false)).toBe("leaveLocked");
  });
});
