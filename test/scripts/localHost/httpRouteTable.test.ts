import { describe, expect, it } from "vitest";
import { HttpRouteTable } from "../../../scripts/localHost/http/httpRouteTable";

const table = new HttpRouteTable("api", [
  { functionName: "reprocessAssignment", route: "assignments/{id}/reprocess", methods: ["POST"], target: "assignment" },
  { functionName: "reprocessBatch", route: "reprocess", methods: ["POST"], target: "batch" },
  { functionName: "byCount", route: "items/{count:int}", methods: undefined, target: "int" },
  { functionName: "byName", route: "items/{name}", methods: undefined, target: "name" },
  { functionName: "files", route: "files/{*path}", methods: ["GET"], target: "catchAll" },
  { functionName: "optional", route: "things/{id?}", methods: ["GET"], target: "optional" },
  { functionName: "defaultRoute", route: undefined, methods: ["GET"], target: "default" },
]);

describe("HttpRouteTable", () => {
  it("matches a {param} route under the api prefix and hands over the decoded parameter", () => {
    expect(table.lookup("POST", "/api/assignments/a%20b/reprocess")).toMatchObject({ kind: "matched", route: { target: "assignment" }, params: { id: "a b" } });
  });

  it("answers notFound for a method the function does not accept", () => {
    expect(table.lookup("GET", "/api/reprocess")).toEqual({ kind: "notFound" });
  });

  it("answers notFound for a path outside the route prefix", () => {
    expect(table.lookup("POST", "/reprocess")).toEqual({ kind: "notFound" });
  });

  it("compares literal segments case-insensitively and ignores a trailing slash, as ASP.NET routing does", () => {
    expect(table.lookup("post", "/API/Reprocess/")).toMatchObject({ kind: "matched", route: { target: "batch" } });
  });

  it("prefers a constrained parameter to a plain one when both match", () => {
    expect(table.lookup("GET", "/api/items/42")).toMatchObject({ route: { target: "int" }, params: { count: "42" } });
    expect(table.lookup("GET", "/api/items/abc")).toMatchObject({ route: { target: "name" } });
  });

  it("gives a catch-all parameter the rest of the path", () => {
    expect(table.lookup("GET", "/api/files/a/b/c.txt")).toMatchObject({ route: { target: "catchAll" }, params: { path: "a/b/c.txt" } });
  });

  it("matches an optional parameter whether or not it is given", () => {
    expect(table.lookup("GET", "/api/things")).toMatchObject({ route: { target: "optional" }, params: {} });
    expect(table.lookup("GET", "/api/things/7")).toMatchObject({ params: { id: "7" } });
  });

  it("routes a function without a route on its name, as the host does", () => {
    expect(table.lookup("GET", "/api/defaultRoute")).toMatchObject({ route: { target: "default" } });
  });

  it("refuses a path with more segments than the route", () => {
    expect(table.lookup("POST", "/api/assignments/x/reprocess/more")).toEqual({ kind: "notFound" });
  });

  it("prints a route's public path with the prefix and its template", () => {
    expect(table.publicPath({ functionName: "f", route: "assignments/{id}/reprocess", methods: undefined, target: "" })).toBe("/api/assignments/{id}/reprocess");
  });

  it("refuses at start a route constraint it cannot check, rather than routing it wrongly", () => {
    expect(() => new HttpRouteTable("api", [{ functionName: "f", route: "x/{id:regex(^a$)}", methods: undefined, target: "" }])).toThrow(/route 'x\/\{id:regex/);
  });
});
