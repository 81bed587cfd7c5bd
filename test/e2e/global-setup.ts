import { execFileSync } from 'node:child_process';

/** The browser host serves the built renderer: build it once before the e2e specs. */
export default function globalSetup(): void {
  if (process.env.HOIIO_SKIP_BUILD === '1') return; // the test script has just built it
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
}
