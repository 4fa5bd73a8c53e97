import { compareRoutePrecedence, compileRouteTemplate, matchRouteTemplate, type RouteTemplate } from "./routeTemplate";

/** One HTTP-triggered function as the route table knows it. */
export interface HttpRoute<TTarget> {
  readonly functionName: string;
  /** The binding's `route`, or undefined for the host's default: the function's name. */
  readonly route: string | undefined;
  /** Upper-case methods, or undefined for any method. */
  readonly methods: readonly string[] | undefined;
  readonly target: TTarget;
}

export type RouteLookup<TTarget> =
  | { readonly kind: "matched"; readonly route: HttpRoute<TTarget>; readonly params: Readonly<Record<string, string>> }
  /** Nothing matched: the host answers 404 whether the path or only the method is wrong. */
  | { readonly kind: "notFound" };

interface CompiledRoute<TTarget> {
  readonly route: HttpRoute<TTarget>;
  readonly template: RouteTemplate;
}

/** Every HTTP function's route under the host's route prefix, matched by precedence, not by name. */
export class HttpRouteTable<TTarget> {
  readonly #routes: readonly CompiledRoute<TTarget>[];
  readonly #prefix: readonly string[];

  constructor(routePrefix: string, routes: readonly HttpRoute<TTarget>[]) {
    this.#prefix = routePrefix.split("/").filter((part) => part !== "").map((part) => part.toLowerCase());
    this.#routes = routes
      .map((route) => ({ route, template: compileRouteTemplate(route.route ?? route.functionName) }))
      .sort((a, b) => compareRoutePrecedence(a.template, b.template));
  }

  /** The URL path (no query) a function answers on, as the host prints it: `/api/assignments/{id}/reprocess`. */
  publicPath(route: HttpRoute<TTarget>): string {
    return `/${[...this.#prefix, ...(route.route ?? route.functionName).split("/").filter((part) => part !== "")].join("/")}`;
  }

  lookup(method: string, pathname: string): RouteLookup<TTarget> {
    const parts = pathname.split("/").filter((part) => part !== "");
    if (!this.#prefix.every((part, index) => parts[index]?.toLowerCase() === part)) return { kind: "notFound" };
    const rest = parts.slice(this.#prefix.length).join("/");
    const upperMethod = method.toUpperCase();
    for (const { route, template } of this.#routes) {
      if (route.methods !== undefined && !route.methods.includes(upperMethod)) continue;
      const params = matchRouteTemplate(template, rest);
      if (params !== undefined) return { kind: "matched", route, params };
    }
    return { kind: "notFound" };
  }
}
