// rhea types everything it decodes as `any`. These readers are the only place the peer looks at
// decoded AMQP values, so every other line of the peer works with checked types.

export type UnknownRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export function asRecord(value: unknown): UnknownRecord {
  return isRecord(value) ? value : {};
}

export function readString(record: UnknownRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

// rhea decodes an AMQP long as a number when it fits in 53 bits and as its 8 raw bytes otherwise.
export function readLong(record: UnknownRecord, key: string): number | undefined {
  return longValue(record[key]);
}

export function longValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE(0));
  return undefined;
}

export function readDate(record: UnknownRecord, key: string): Date | undefined {
  const value = record[key];
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  return undefined;
}

export function readBuffer(record: UnknownRecord, key: string): Buffer | undefined {
  const value = record[key];
  return Buffer.isBuffer(value) ? value : undefined;
}

export function readArray(record: UnknownRecord, key: string): unknown[] {
  const value = record[key];
  return Array.isArray(value) ? (value as unknown[]) : [];
}

// A decoded data or sequence body is rhea's internal Section object, not a plain value.
export interface RheaSection {
  typecode: number;
  content: unknown;
  multiple?: boolean;
}

export function isSection(value: unknown): value is RheaSection {
  return isRecord(value) && typeof value.typecode === "number" && "content" in value;
}

// Service Bus message ids may be strings, ulongs, uuids or binary; tests compare strings.
export function messageIdText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  if (Buffer.isBuffer(value)) return value.length === 16 ? uuidText(value) : value.toString("hex");
  return undefined;
}

export function uuidText(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, ""), "hex");
}
