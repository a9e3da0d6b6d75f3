/**
 * Builds the browser bundle of the fake (webpack.config.js) and returns its text. The build is
 * cached in test-output/fake-office/ and redone only when a source of the fake changed; it is
 * written under a temporary name and renamed, so parallel test workers never read half a file.
 */
import { createHash } from "crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import webpack from "webpack";

const OUT = join(__dirname, "..", "..", "..", "test-output", "fake-office");
/** The bundle's path once built. */
export const FAKE_OFFICE_JS = join(OUT, "fake-office.js");

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(__dirname)
    .filter((f) => /\.(ts|js)$/.test(f))
    .sort()) {
    hash.update(file).update(readFileSync(join(__dirname, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

function compile(outputPath: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config is plain JS shared with the webpack CLI
  const config = require("./webpack.config.js")({ outputPath }) as webpack.Configuration;
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

export async function fakeOfficeBundle(): Promise<string> {
  const stamp = join(OUT, `fake-office.${sourceHash()}.js`);
  if (!existsSync(stamp)) {
    const temp = join(OUT, `build-${process.pid}-${Date.now()}`);
    mkdirSync(temp, { recursive: true });
    try {
      await compile(temp);
      renameSync(join(temp, "fake-office.js"), stamp);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
    const copy = `${FAKE_OFFICE_JS}.${process.pid}`;
    writeFileSync(copy, readFileSync(stamp));
    renameSync(copy, FAKE_OFFICE_JS);
  }
  return readFileSync(stamp, "utf8");
}
