import { describe, expect, it } from "vitest";
import { resolveAppSettingExpression, UnresolvedAppSettingError } from "../../../scripts/localHost/appSettingExpression";

describe("resolveAppSettingExpression", () => {
  it("replaces %NAME% with the app setting NAME", () => {
    expect(resolveAppSettingExpression("%REPROCESS_QUEUE_NAME%", { REPROCESS_QUEUE_NAME: "reprocess" })).toBe("reprocess");
  });

  it("replaces each expression inside a longer value and leaves the rest", () => {
    expect(resolveAppSettingExpression("0 %MINUTE% %HOUR% * * *", { MINUTE: "15", HOUR: "3" })).toBe("0 15 3 * * *");
  });

  it("leaves a value without expressions as it is", () => {
    expect(resolveAppSettingExpression("reprocess", {})).toBe("reprocess");
  });

  it("refuses a setting that is missing, naming it, as the host refuses to index the function", () => {
    expect(() => resolveAppSettingExpression("%HEAL_SCHEDULE%", {})).toThrow(UnresolvedAppSettingError);
    expect(() => resolveAppSettingExpression("%HEAL_SCHEDULE%", {})).toThrow(/app setting HEAL_SCHEDULE is not set/);
  });

  it("treats an empty setting as missing", () => {
    expect(() => resolveAppSettingExpression("%HEAL_SCHEDULE%", { HEAL_SCHEDULE: "" })).toThrow(/HEAL_SCHEDULE/);
  });
});
