/**
 * A minimal synchronous ZIP writer for .xlsx packages: entries are deflated with Node's zlib in
 * chunks (each chunk ends on a sync flush, so the chunks form one deflate stream while none of
 * the entry is held in memory), written straight to a file descriptor, and each local header is
 * patched in place with the CRC and sizes once its entry ends. No ZIP64: a package part or the
 * whole file past 4 GiB is refused with a clear error rather than written corrupt.
 */
import { closeSync, openSync, writeSync } from "fs";
import { constants, crc32, deflateRawSync } from "zlib";

const LIMIT = 0xffffffff;
/** Text collected before a chunk is deflated. */
const CHUNK_CHARS = 1 << 20;
/** The final, empty deflate block that closes a stream of sync-flushed chunks. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
}

/** An entry being written: text in, deflated bytes out. */
export interface ZipEntryWriter {
  write(text: string): void;
  end(): void;
}

export class ZipWriter {
  private readonly fd: number;
  private position = 0;
  private readonly entries: Entry[] = [];
  private open = false;
  private closed = false;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  /** A whole small part. */
  add(name: string, text: string): void {
    const entry = this.entry(name);
    entry.write(text);
    entry.end();
  }

  /** A part written piece by piece (a sheet's rows). */
  entry(name: string): ZipEntryWriter {
    if (this.open) throw new Error(`zip: ${name} started before the previous entry ended`);
    this.open = true;
    const entry: Entry = { name: Buffer.from(name, "utf8"), offset: this.position, crc: 0, size: 0, compressed: 0 };
    this.put(this.localHeader(entry));
    let pending: string[] = [];
    let chars = 0;
    const flush = (last: boolean) => {
      if (chars > 0) {
        const raw = Buffer.from(pending.join(""), "utf8");
        entry.crc = crc32(raw, entry.crc);
        entry.size += raw.length;
        const packed = deflateRawSync(raw, { level: 1, finishFlush: constants.Z_SYNC_FLUSH });
        entry.compressed += packed.length;
        this.put(packed);
      }
      pending = [];
      chars = 0;
      if (last) {
        entry.compressed += FINAL_BLOCK.length;
        this.put(FINAL_BLOCK);
      }
    };
    return {
      write: (text) => {
        pending.push(text);
        chars += text.length;
        if (chars >= CHUNK_CHARS) flush(false);
      },
      end: () => {
        flush(true);
        if (entry.size > LIMIT || this.position > LIMIT)
          throw new Error(`the workbook part ${name} is larger than 4 GiB, more than this writer supports`);
        writeSync(this.fd, this.localHeader(entry), 0, 30, entry.offset);
        this.entries.push(entry);
        this.open = false;
      },
    };
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    try {
      const start = this.position;
      for (const e of this.entries) {
        const h = Buffer.alloc(46);
        h.writeUInt32LE(0x02014b50, 0);
        h.writeUInt16LE(20, 4); // made by: 2.0
        h.writeUInt16LE(20, 6); // needed: 2.0 (deflate)
        h.writeUInt16LE(0x0800, 8); // UTF-8 names
        h.writeUInt16LE(8, 10); // deflate
        h.writeUInt32LE(DOS_TIME, 12);
        h.writeUInt32LE(e.crc >>> 0, 16);
        h.writeUInt32LE(e.compressed, 20);
        h.writeUInt32LE(e.size, 24);
        h.writeUInt16LE(e.name.length, 28);
        h.writeUInt32LE(e.offset, 42);
        this.put(h);
        this.put(e.name);
      }
      const size = this.position - start;
      if (this.position > LIMIT) throw new Error("the workbook is larger than 4 GiB, more than this writer supports");
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(size, 12);
      end.writeUInt32LE(start, 16);
      this.put(end);
    } finally {
      this.abandon();
    }
  }

  /** Closes the file (after a failure: the caller removes it); closing twice does nothing. */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private localHeader(e: Entry): Buffer {
    const h = Buffer.alloc(30 + e.name.length);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(DOS_TIME, 10);
    h.writeUInt32LE(e.crc >>> 0, 14);
    h.writeUInt32LE(e.compressed, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    e.name.copy(h, 30);
    return h;
  }

  private put(bytes: Buffer): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.position + done);
    this.position += bytes.length;
  }
}

/** 1980-01-01 00:00 in MS-DOS date/time: a fixed stamp keeps the same input's package byte-identical. */
const DOS_TIME = (((1980 - 1980) << 9) | (1 << 5) | 1) << 16;
