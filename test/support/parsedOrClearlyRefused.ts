import { expect } from "vitest";
import { parseQueueMessage, type MalformedProblem } from "../../src/queue/parseQueueMessage";

const problems: ReadonlySet<MalformedProblem> = new Set(["tooLarge", "notJson", "forbiddenKey", "wrongShape", "unknownType", "invalidNextLink"]);
const maxDescriptionLength = 300;

/** The parser's promise for any body: it does not throw, and a refusal names a known problem in a short description. */
export function expectParsedOrClearlyRefused(body: unknown): void {
  const result = parseQueueMessage(body);
  if (!result.ok) {
    expect(problems).toContain(result.problem);
    expect(result.description.length).toBeLessThanOrEqual(maxDescriptionLength);
  }
}
