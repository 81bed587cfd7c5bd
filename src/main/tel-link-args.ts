/**
 * Finding the tel: link in a command line (pure; no electron): on Windows and Linux the OS
 * starts the app, or a second instance of it, with the link as an argument, among whatever
 * switches Electron and Chromium add. Arguments are whole strings: the link is never split.
 */
const TEL_SCHEME = /^tel:/i;

/** The last argument that is a tel: URI (skipping the executable), or null. */
export function findTelLinkArgument(argv: readonly string[]): string | null {
  for (let index = argv.length - 1; index >= 1; index -= 1) {
    const argument = argv[index];
    if (typeof argument === 'string' && TEL_SCHEME.test(argument)) return argument;
  }
  return null;
}
