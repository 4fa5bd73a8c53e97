import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipDirectory } from "../../../scripts/packaging/zipDirectory";

interface ReadEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly crcMatches: boolean;
}

/** Reads an archive through its central directory, as unzip and Kudu do. */
function readZip(zip: Buffer): ReadEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  const entries: ReadEntry[] = [];
  for (let index = 0; index < count; index++) {
    expect(zip.readUInt32LE(cursor)).toBe(0x02014b50);
    const method = zip.readUInt16LE(cursor + 10);
    const crc = zip.readUInt32LE(cursor + 16);
    const compressedSize = zip.readUInt32LE(cursor + 20);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    const localOffset = zip.readUInt32LE(cursor + 42);
    const name = zip.toString("utf8", cursor + 46, cursor + 46 + nameLength);
    expect(zip.readUInt32LE(localOffset)).toBe(0x04034b50);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(stored) : Buffer.from(stored);
    entries.push({ name, data, crcMatches: crc32(data) === crc });
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe("zipDirectory", () => {
  let dir: string;
  const files = new Map<string, Buffer>([
    ["host.json", Buffer.from('{ "version": "2.0" }')],
    ["index.js", Buffer.from("module.exports = 1;\n".repeat(500))],
    ["node_modules/@scope/pkg/lib/random.bin", randomBytes(4096)],
    ["node_modules/pkg/empty.txt", Buffer.alloc(0)],
    ["node_modules/pkg/naïve.js", Buffer.from("// utf-8 name")],
  ]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "zip-directory-"));
    for (const [name, data] of files) {
      mkdirSync(join(dir, "src", name, ".."), { recursive: true });
      writeFileSync(join(dir, "src", name), data);
    }
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds every file under its forward-slash path relative to the directory, with its exact bytes", () => {
    const summary = zipDirectory({ sourceDir: join(dir, "src"), zipPath: join(dir, "a.zip") });
    const entries = readZip(readFileSync(join(dir, "a.zip")));
    expect(summary.entries).toBe(files.size);
    expect(new Map(entries.map((entry) => [entry.name, entry.data]))).toEqual(files);
    expect(entries.every((entry) => entry.crcMatches)).toBe(true);
  });

  it("writes the same bytes for the same contents", () => {
    zipDirectory({ sourceDir: join(dir, "src"), zipPath: join(dir, "first.zip") });
    zipDirectory({ sourceDir: join(dir, "src"), zipPath: join(dir, "second.zip") });
    expect(readFileSync(join(dir, "first.zip")).equals(readFileSync(join(dir, "second.zip")))).toBe(true);
  });
});
