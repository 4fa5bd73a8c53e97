import type { EmulatedOperation } from "./emulatedOperation";
import type { Fault, FaultRate, FaultRule } from "./fault";
import { seededRandom } from "../seededRandom";

interface ActiveRule {
  readonly method: string | undefined;
  readonly pathIncludes: string | undefined;
  readonly operation: EmulatedOperation | undefined;
  readonly fault: Fault;
  remaining: number;
}

interface ActiveRate {
  readonly rate: number;
  readonly faults: readonly Fault[];
  readonly random: () => number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private randomFaults: ActiveRate | undefined;

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`A fault rule applies a whole number of times >= 1, not ${times}`);
    }
    this.rules.push({
      method: rule.match?.method?.toUpperCase(),
      pathIncludes: rule.match?.pathIncludes,
      operation: rule.match?.operation,
      fault: rule.fault,
      remaining: times,
    });
  }

  setRate(options: FaultRate): void {
    if (!(options.rate >= 0 && options.rate <= 1)) {
      throw new RangeError(`A fault rate is a probability in 0..1, not ${options.rate}`);
    }
    if (options.rate > 0 && options.faults.length === 0) {
      throw new RangeError("A fault rate above 0 needs at least one fault to pick from");
    }
    this.randomFaults =
      options.rate === 0
        ? undefined
        : { rate: options.rate, faults: [...options.faults], random: seededRandom(options.seed ?? 1) };
  }

  clear(): void {
    this.rules = [];
    this.randomFaults = undefined;
  }

  /** The fault for this request, if any; explicit rules win over the random rate. */
  next(method: string, path: string, operation: EmulatedOperation | undefined): Fault | undefined {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index];
      if (rule === undefined) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      rule.remaining -= 1;
      if (rule.remaining === 0) this.rules.splice(index, 1);
      return rule.fault;
    }
    const random = this.randomFaults;
    if (random === undefined || random.random() >= random.rate) return undefined;
    return random.faults[Math.floor(random.random() * random.faults.length)];
  }
}
