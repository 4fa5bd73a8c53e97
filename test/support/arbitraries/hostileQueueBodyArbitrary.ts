import fc from "fast-check";
import { hostileBodyArbitrary } from "./hostileBodyArbitrary";
import { hostileJsonValueArbitrary } from "./hostileJsonValueArbitrary";

export interface HostileQueueBodyOptions {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength: number;
}

/**
 * What the Service Bus trigger may hand a handler for a message built around `shapes`: a decoded
 * JSON value, or the body's bytes as a Buffer or as a string.
 */
export function hostileQueueBodyArbitrary(shapes: fc.Arbitrary<unknown>, options: HostileQueueBodyOptions): fc.Arbitrary<unknown> {
  const { maxBytes, ...limits } = options;
  const bytes = hostileBodyArbitrary({ shapes, maxBytes, ...limits }).map((body) => Buffer.from(body.bytes));
  return fc.oneof(hostileJsonValueArbitrary({ shapes, ...limits }), bytes, bytes.map((buffer) => buffer.toString("utf8")));
}
