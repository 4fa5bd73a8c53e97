/** Why a binding expression could not be resolved, worded as the host's indexing error would be. */
export class UnresolvedAppSettingError extends Error {
  override readonly name = "UnresolvedAppSettingError";
  constructor(
    readonly expression: string,
    readonly settingName: string,
  ) {
    super(`'${expression}' does not resolve to a value: the app setting ${settingName} is not set (local.settings.json Values or the environment).`);
  }
}

/**
 * Resolves `%NAME%` in a binding property the way the Functions host does when it indexes a
 * function: each `%NAME%` is replaced by the app setting NAME, and a setting that is missing or
 * empty makes the function fail to index (the host disables that function, not the app).
 * `%%` is not an escape in the host, so it is not one here either.
 */
export function resolveAppSettingExpression(expression: string, settings: Readonly<Record<string, string | undefined>>): string {
  return expression.replace(/%([^%\s]+)%/g, (_match, name: string) => {
    const value = settings[name];
    if (value === undefined || value === "") throw new UnresolvedAppSettingError(expression, name);
    return value;
  });
}
