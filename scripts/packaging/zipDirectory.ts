import { closeSync, fstatSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipDirectoryOptions {
  /** Directory whose contents become the archive root (the directory itself is not an entry). */
  readonly sourceDir: string;
  readonly zipPath: string;
  /** zlib level 0–9; default 9, since the archive is built once and downloaded by every instance. */
  readonly level?: number;
}

export interface ZipSummary {
  readonly entries: number;
  readonly bytes: number;
}

// The classic (non-ZIP64) format caps entries and sizes; the app's package is far below both, so
// crossing them means something unexpected was swept in, which is worth failing over.
const maxEntries = 0xffff;
const maxBytes = 0xffffffff;
// A fixed timestamp (1980-01-01 00:00) makes the archive a function of its contents only.
const dosTime = 0;
const dosDate = (0 << 9) | (1 << 5) | 1;
const madeByUnix = (3 << 8) | 20;
const regularFileMode = 0o100644;

interface CentralEntry {
  readonly name: Buffer;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly method: number;
  readonly offset: number;
}

/**
 * Writes a standard .zip of a directory with Node's own zlib, so packaging needs no `zip` binary
 * and behaves the same on every developer machine and in CI. Entries are sorted and timestamps
 * fixed, so the same inputs give the same bytes.
 */
export function zipDirectory(options: ZipDirectoryOptions): ZipSummary {
  const files = listFiles(options.sourceDir);
  if (files.length > maxEntries) {
    throw new RangeError(`${files.length} files exceed what a zip without ZIP64 can hold (${maxEntries}).`);
  }
  const fd = openSync(options.zipPath, "w");
  try {
    let offset = 0;
    const write = (buffer: Buffer): void => {
      writeSync(fd, buffer);
      offset += buffer.length;
    };
    const central: CentralEntry[] = [];
    for (const file of files) {
      const data = readFileSync(file);
      const deflated = deflateRawSync(data, { level: options.level ?? 9 });
      // Stored is smaller for already-compressed or tiny files.
      const method = deflated.length < data.length ? 8 : 0;
      const body = method === 8 ? deflated : data;
      const name = Buffer.from(relative(options.sourceDir, file).split(sep).join("/"), "utf8");
      if (offset + body.length > maxBytes) {
        throw new RangeError("The archive would exceed 4 GiB, which a zip without ZIP64 cannot hold.");
      }
      const entry: CentralEntry = { name, crc: crc32(data), compressedSize: body.length, size: data.length, method, offset };
      write(localHeader(entry));
      write(name);
      write(body);
      central.push(entry);
    }
    const centralStart = offset;
    for (const entry of central) {
      write(centralHeader(entry));
      write(entry.name);
    }
    write(endOfCentralDirectory(central.length, offset - centralStart, centralStart));
    return { entries: central.length, bytes: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

function listFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(path));
    else if (entry.isFile()) found.push(path);
  }
  return found.sort();
}

function localHeader(entry: CentralEntry): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // names are UTF-8
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(dosTime, 10);
  header.writeUInt16LE(dosDate, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28);
  return header;
}

function centralHeader(entry: CentralEntry): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(madeByUnix, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt16LE(dosTime, 12);
  header.writeUInt16LE(dosDate, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(0, 30);
  header.writeUInt16LE(0, 32);
  header.writeUInt16LE(0, 34);
  header.writeUInt16LE(0, 36);
  header.writeUInt32LE((regularFileMode << 16) >>> 0, 38);
  header.writeUInt32LE(entry.offset, 42);
  return header;
}

function endOfCentralDirectory(entries: number, centralSize: number, centralStart: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(0, 4);
  record.writeUInt16LE(0, 6);
  record.writeUInt16LE(entries, 8);
  record.writeUInt16LE(entries, 10);
  record.writeUInt32LE(centralSize, 12);
  record.writeUInt32LE(centralStart, 16);
  record.writeUInt16LE(0, 20);
  return record;
}
