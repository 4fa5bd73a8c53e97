/** One segment of an ASP.NET Core route template, which is what the Functions host routes with. */
type RouteSegment =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "parameter"; readonly name: string; readonly optional: boolean; readonly constraints: readonly string[] }
  | { readonly kind: "catchAll"; readonly name: string };

export interface RouteTemplate {
  readonly template: string;
  readonly segments: readonly RouteSegment[];
}

/** The route constraints the local host checks; any other is refused when the route is compiled. */
const constraintChecks: Readonly<Record<string, (value: string) => boolean>> = {
  int: (value) => /^-?\d+$/.test(value) && Math.abs(Number(value)) <= 2 ** 31,
  long: (value) => /^-?\d+$/.test(value),
  bool: (value) => /^(true|false)$/i.test(value),
  guid: (value) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(value),
  alpha: (value) => /^[a-z]+$/i.test(value),
};

function parseSegment(text: string, template: string): RouteSegment {
  const parameter = /^\{(\*{1,2})?([A-Za-z_]\w*)((?::\w+)*)(\?)?\}$/.exec(text);
  if (parameter === null) {
    if (/[{}]/.test(text)) throw new RangeError(`The route '${template}' has a segment the local host cannot route: '${text}' (only whole-segment {parameters}).`);
    return { kind: "literal", text };
  }
  const [, star, name = "", constraintText = "", optional] = parameter;
  if (star !== undefined) return { kind: "catchAll", name };
  const constraints = constraintText.split(":").filter((constraint) => constraint !== "");
  for (const constraint of constraints) {
    if (constraintChecks[constraint] === undefined) {
      throw new RangeError(`The route '${template}' uses the constraint :${constraint}, which the local host does not check (it knows ${Object.keys(constraintChecks).join(", ")}).`);
    }
  }
  return { kind: "parameter", name, optional: optional === "?", constraints };
}

/** Compiles a function's `route` (without the host's route prefix). */
export function compileRouteTemplate(template: string): RouteTemplate {
  const segments = template
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => parseSegment(segment, template));
  return { template, segments };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route parameters when `path` (already without the route prefix, still percent-encoded)
 * matches the template, else undefined. As ASP.NET routing: literals compare case-insensitively,
 * a trailing slash does not matter, an optional parameter may be left out at the end, and a
 * catch-all takes the rest of the path.
 */
export function matchRouteTemplate(route: RouteTemplate, path: string): Record<string, string> | undefined {
  const parts = path.split("/").filter((part) => part !== "");
  const params: Record<string, string> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === "catchAll") {
      const rest = decodeSegment(parts.slice(index).join("/"));
      if (rest === undefined) return undefined;
      params[segment.name] = rest;
      return params;
    }
    const part = parts[index];
    if (part === undefined) {
      if (segment.kind === "parameter" && segment.optional) continue;
      return undefined;
    }
    const value = decodeSegment(part);
    if (value === undefined) return undefined;
    if (segment.kind === "literal") {
      if (value.toLowerCase() !== segment.text.toLowerCase()) return undefined;
    } else {
      if (!segment.constraints.every((constraint) => constraintChecks[constraint]?.(value) === true)) return undefined;
      params[segment.name] = value;
    }
  }
  return parts.length > route.segments.length ? undefined : params;
}

/**
 * Orders routes as ASP.NET does when two could match one path: per segment, a literal beats a
 * constrained parameter, which beats a plain one, then an optional one, then a catch-all. Negative
 * when `a` is the more specific.
 */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const rank = (segment: RouteSegment | undefined): number => {
    if (segment === undefined) return 6;
    if (segment.kind === "literal") return 1;
    if (segment.kind === "catchAll") return 5;
    if (segment.optional) return 4;
    return segment.constraints.length > 0 ? 2 : 3;
  };
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index += 1) {
    const difference = rank(a.segments[index]) - rank(b.segments[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}
