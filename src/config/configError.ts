/** A setting is missing or malformed; `setting` names it so the operator knows what to fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly setting: string;

  constructor(setting: string, message: string, options?: ErrorOptions) {
    super(`${setting}: ${message}`, options);
    this.setting = setting;
  }
}
