import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const projectRoot = resolve(__dirname, "../..");

/** The documents a reader navigates between: the front door, the docs, and the infra notes. */
function documents(): string[] {
  const docs = readdirSync(join(projectRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join("docs", name));
  return ["README.md", ...docs, join("infra", "README.md")];
}

/** The text outside fenced code blocks, line by line: links and headings in code are examples, not navigation. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence === undefined) lines.push(line);
  }
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (not `-` or `_`), each space a `-`. */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a document's headings; a repeated heading gets `-1`, `-2`, ... as on GitHub. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Link targets in prose: inline `[text](target)` and `![alt](target)`, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, "");
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1] ?? "");
    const reference = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(prose)?.[1];
    if (reference !== undefined) targets.push(reference);
  }
  return targets;
}

/** Absolute URLs (any scheme) are outside the repository and not checked here. */
function isRelative(target: string): boolean {
  return target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("//");
}

interface RelativeLink {
  readonly from: string;
  readonly target: string;
  readonly path: string;
  readonly anchor: string | undefined;
}

function relativeLinks(): RelativeLink[] {
  return documents().flatMap((from) => {
    const markdown = readFileSync(join(projectRoot, from), "utf8");
    return linkTargets(markdown)
      .filter(isRelative)
      .map((target) => {
        const [pathPart = "", anchor] = target.split("#", 2);
        const path = pathPart === "" ? from : relative(projectRoot, resolve(projectRoot, dirname(from), decodeURIComponent(pathPart)));
        return { from, target, path, anchor: anchor === undefined || anchor === "" ? undefined : decodeURIComponent(anchor) };
      });
  });
}

const links = relativeLinks();
// One case per link, however often a document repeats it.
const linkCases = [...new Map(links.map((link) => [`${link.from} → ${link.target}`, link] as const))];
const anchorCases = linkCases.filter(([, link]) => link.anchor !== undefined && link.path.endsWith(".md"));

describe("GitHub heading anchors, as the link check computes them", () => {
  it("are the heading in lower case with each space a hyphen", () => {
    expect(headingSlug("Retries and Parking")).toBe("retries-and-parking");
  });

  it("drop punctuation and backticks but keep hyphens", () => {
    expect(headingSlug("`parked list` / `parked replay`")).toBe("parked-list--parked-replay");
    expect(headingSlug("Host settings (`host.json`)")).toBe("host-settings-hostjson");
    expect(headingSlug("`POST /api/assignments/{id}/reprocess`")).toBe("post-apiassignmentsidreprocess");
  });

  it("number a repeated heading -1, -2 after the first", () => {
    expect([...headingAnchors("# Notes\n## Notes\n### Notes\n")]).toEqual(["notes", "notes-1", "notes-2"]);
  });

  it("ignore headings inside fenced code blocks", () => {
    expect([...headingAnchors("```sh\n# a shell comment\n```\n## Real\n")]).toEqual(["real"]);
  });
});

describe("the link check's reading of Markdown", () => {
  it("finds inline links, images and reference definitions", () => {
    expect(linkTargets("See [a](docs/a.md#x) and ![b](img.png).\n[c]: ../c.md\n")).toEqual(["docs/a.md#x", "img.png", "../c.md"]);
  });

  it("ignores links inside code spans and fenced code blocks", () => {
    expect(linkTargets("`[a](nowhere.md)`\n```\n[b](nowhere.md)\n```\n")).toEqual([]);
  });
});

describe("relative links in README.md, docs/ and infra/README.md", () => {
  it("are there to check", () => {
    expect(links.length).toBeGreaterThan(10);
  });

  it.each(linkCases)("point at a file that exists: %s", (_, link) => {
    expect(existsSync(join(projectRoot, link.path)), link.path).toBe(true);
  });

  it.each(anchorCases)("point at a heading that exists: %s", (_, link) => {
    const file = join(projectRoot, link.path);
    const anchors = existsSync(file) ? headingAnchors(readFileSync(file, "utf8")) : new Set<string>();
    expect([...anchors], `#${link.anchor ?? ""} in ${link.path}`).toContain(link.anchor);
  });
});
