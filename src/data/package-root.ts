import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'cnn-doctor';

/**
 * The folder holding cnn-doctor's package.json, found the same way whether this code runs from
 * src/ (jest, tsx) or from the bundled dist/data.{js,mjs}: walk up from this module's folder.
 */
export function findPackageRoot(): string | undefined {
  for (const start of [cjsModuleDir(), esmModuleDir(), process.cwd()]) {
    const found = start === undefined ? undefined : walkUpToPackage(start);
    if (found) return found;
  }
  // Last resort: cnn-doctor installed as a dependency of the current project.
  try {
    const require = createRequire(path.join(process.cwd(), 'noop.js'));
    return path.dirname(require.resolve(`${PACKAGE_NAME}/package.json`));
  } catch {
    return undefined;
  }
}

function walkUpToPackage(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** This module's folder under CommonJS. (Only trusted if absolute: `node -e` defines a global `__dirname` of '.'.) */
function cjsModuleDir(): string | undefined {
  return typeof __dirname === 'string' && path.isAbsolute(__dirname) ? __dirname : undefined;
}

/** The ESM bundle has no __dirname (tsup shims are off, and import.meta would break the CJS build), but its stack names the file URL. */
function esmModuleDir(): string | undefined {
  const url = new Error().stack?.match(/file:\/\/[^\s)]+?(?=:\d+:\d+)/)?.[0];
  try {
    return url ? path.dirname(fileURLToPath(url)) : undefined;
  } catch {
    return undefined;
  }
}
