/**
 * A real PostgreSQL server for a test: initdb into a temp dir, pg_ctl start on a free loopback
 * port, stopped and deleted after. initdb refuses root, so as root the server runs as the
 * `postgres` user (Debian's package creates it) or else `nobody`.
 */
import { execFileSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join } from "path";

/** The directory holding initdb and pg_ctl: PATH, /usr/local/bin, or Debian's /usr/lib/postgresql/N/bin. */
export function postgresBin(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/local/bin"];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) for (const v of readdirSync(debian).sort().reverse()) dirs.push(join(debian, v, "bin"));
  return dirs.find((d) => d !== "" && existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl")));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function runAs(user: string | undefined, file: string, args: string[]): void {
  if (user === undefined) execFileSync(file, args, { stdio: "pipe" });
  else
    execFileSync("su", [user, "-s", "/bin/sh", "-c", [file, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")], {
      stdio: "pipe",
    });
}

function hasUser(name: string): boolean {
  try {
    execFileSync("id", [name], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

export interface TestServer {
  /** postgresql://crm@127.0.0.1:PORT/postgres (trust authentication on loopback). */
  url: string;
  stop(): void;
}

export async function startPostgres(bin: string): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "crm-pg-"));
  let user: string | undefined;
  if (process.getuid?.() === 0) {
    user = hasUser("postgres") ? "postgres" : "nobody";
    chmodSync(dir, 0o777);
  }
  const data = join(dir, "data");
  const port = await freePort();
  runAs(user, join(bin, "initdb"), ["-D", data, "-U", "crm", "--auth=trust", "-E", "UTF8", "--no-locale"]);
  runAs(user, join(bin, "pg_ctl"), [
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    "-l",
    join(dir, "log"),
    "-w",
    "start",
  ]);
  return {
    url: `postgresql://crm@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        runAs(user, join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
